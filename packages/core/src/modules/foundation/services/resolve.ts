import { NotFoundError } from '../../../errors.js';
import { isUuid, normalizeName, parseAppKey } from '../domain/names.js';
import type { AppView, Organization, Space } from '../domain/records.js';
import type { StoreTx } from '../../../kernel/store.js';
import { isComplianceSpace } from '../../identity/grants.js';
import type { AppRef } from '../store.js';

/** The space an app given by bare name is looked for in. */
export const DEFAULT_SPACE = 'default';

/** Turns an `{app}` path value (id, `{name}-{space}` key, or bare name in the default space) into a ref. */
export function appRefOf(value: string): AppRef {
  if (isUuid(value)) return { id: value.toLowerCase() };
  return parseAppKey(value) ?? { name: normalizeName(value), space: DEFAULT_SPACE };
}

/** Loads an app by path value or throws NotFoundError naming `field`. */
export async function requireApp(tx: StoreTx, value: string, field = 'app'): Promise<AppView> {
  const view = await tx.apps.find(appRefOf(value));
  if (!view) throw new NotFoundError(`The app ${value} was not found.`, field);
  return view;
}

/** Loads a space by id or name or throws NotFoundError naming `field`. */
export async function requireSpace(tx: StoreTx, value: string, field = 'space'): Promise<Space> {
  const space = await tx.spaces.find(isUuid(value) ? value.toLowerCase() : normalizeName(value));
  if (!space) throw new NotFoundError(`The space ${value} was not found.`, field);
  return space;
}

/** Loads an organization by id or name or throws NotFoundError naming `field`. */
export async function requireOrganization(tx: StoreTx, value: string, field = 'organization'): Promise<Organization> {
  const org = await tx.organizations.find(isUuid(value) ? value.toLowerCase() : normalizeName(value));
  if (!org) throw new NotFoundError(`The organization ${value} was not found.`, field);
  return org;
}

/** The `app`/`space` blocks every app event payload starts with. */
export function eventSubject(view: AppView): { app: { name: string; id: string }; space: { name: string } } {
  return { app: { name: view.app.name, id: view.app.id }, space: { name: view.space.name } };
}

/** Whether values of this space must be redacted in responses and events: the same socs/prod rule that elevates builds there. */
export function redacts(space: Pick<Space, 'compliance'>): boolean {
  return isComplianceSpace(space.compliance);
}

/** What a redacted value reads as. */
export const REDACTED = '[redacted]';

import { ValidationError } from '../errors.js';
import { diffConfig, maskValues, validateConfigPatch } from '../domain/config-vars.js';
import type { AppView } from '../domain/records.js';
import type { Principal } from '../ports/authenticator.js';
import type { StoreTx } from '../ports/store.js';
import { REDACTED, eventSubject, redacts, requireApp } from './resolve.js';
import type { UnitOfWork } from './unit-of-work.js';

/** The vars an app sees: its space's, overridden by its own. */
export async function effectiveConfig(tx: StoreTx, view: AppView): Promise<Record<string, string>> {
  const [space, own] = await Promise.all([tx.configVars.get({ kind: 'space', id: view.space.id }), tx.configVars.get({ kind: 'app', id: view.app.id })]);
  return { ...space, ...own };
}

/** App config vars: read the effective set, patch the app's own. */
export class ConfigVarService {
  constructor(private readonly uow: UnitOfWork) {}

  /** Effective config vars of an app (values redacted in SOCS spaces). */
  get(ref: string): Promise<Record<string, string>> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, ref);
      const vars = await effectiveConfig(tx, view);
      return redacts(view.space) ? maskValues(vars, REDACTED) : vars;
    });
  }

  /** Merges a patch into the app's config vars: strings set, null deletes; PORT is reserved. */
  patch(actor: Principal, ref: string, body: Record<string, unknown>): Promise<Record<string, string>> {
    const patch = validateConfigPatch(body);
    if (!Object.keys(patch).length) throw new ValidationError('The patch names no config vars', 'body');
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, ref);
      const owner = { kind: 'app' as const, id: view.app.id };
      const before = await tx.configVars.get(owner);
      const changes = diffConfig(before, patch);
      await tx.configVars.patch(owner, patch);
      const vars = await effectiveConfig(tx, view);
      if (changes.length) {
        const shown = Object.fromEntries(changes.map((c) => [c.name, c.type === 'delete' ? before[c.name]! : patch[c.name]!]));
        events.emit('config_change', { ...eventSubject(view), changes, config_vars: redacts(view.space) ? maskValues(shown, REDACTED) : shown }, view.app.id);
      }
      return redacts(view.space) ? maskValues(vars, REDACTED) : vars;
    });
  }
}

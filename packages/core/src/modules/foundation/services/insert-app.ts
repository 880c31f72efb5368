import { newId } from '../../../kernel/ids.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { EventSink } from '../../../kernel/unit-of-work.js';
import type { App, AppView, Organization, Space } from '../domain/records.js';
import { eventSubject } from './resolve.js';

/** What `insertApp` needs: a checked name, the space and organization it lives in, and its owner. */
export interface NewApp {
  name: string;
  space: Space;
  organization: Organization;
  owner: { id: string; email: string };
  description?: string | undefined;
}

/**
 * Writes a new app and announces `app_create` inside the caller's transaction: the one place an app record is built,
 * so POST /apps, app setups and preview clones give every app the same fields. A taken name loses on the unique index.
 */
export async function insertApp(tx: StoreTx, events: EventSink, input: NewApp): Promise<AppView> {
  const now = new Date();
  const app: App = {
    id: newId(),
    name: input.name,
    space_id: input.space.id,
    organization_id: input.organization.id,
    owner_id: input.owner.id,
    owner_email: input.owner.email,
    maintenance: false,
    released_at: null,
    description: input.description ?? '',
    image: null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await tx.apps.insert(app);
  const view = { app, space: input.space, organization: input.organization };
  await events.emit('app_create', { ...eventSubject(view), organization: { name: input.organization.name } }, app.id);
  return view;
}

import { newId } from '../../../kernel/ids.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { EventSink } from '../../../kernel/unit-of-work.js';
import type { Formation } from '../../deploys/domain/deploys.js';
import { DEFAULT_WEB_PORT } from '../../deploys/domain/runtime.js';
import type { App, AppView } from '../../foundation/domain/records.js';
import { eventSubject } from '../../foundation/services/resolve.js';

/**
 * Creates the preview app of `source` inside the caller's transaction when the host lists no app-setups module (with
 * it, previews are app setups of the source's blueprint): a new app named `name` in the same space and organization,
 * with the source's own config vars and only its web formation (one dyno). Addons are not attached this way.
 */
export async function clonePreviewApp(tx: StoreTx, events: EventSink, source: AppView, name: string, defaultSize: string): Promise<AppView> {
  const now = new Date();
  const app: App = {
    id: newId(),
    name,
    space_id: source.space.id,
    organization_id: source.organization.id,
    owner_id: source.app.owner_id,
    owner_email: source.app.owner_email,
    maintenance: false,
    released_at: null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await tx.apps.insert(app);
  const view: AppView = { ...source, app };
  await events.emit('app_create', { ...eventSubject(view), organization: { name: source.organization.name } }, app.id);
  const config = await tx.configVars.get({ kind: 'app', id: source.app.id });
  if (Object.keys(config).length) await tx.configVars.patch({ kind: 'app', id: app.id }, config);
  const web = await tx.formations.get(source.app.id, 'web');
  const formation: Formation = {
    id: newId(),
    app_id: app.id,
    type: 'web',
    quantity: 1,
    size: web?.size ?? defaultSize,
    command: web?.command ?? null,
    port: web?.port ?? DEFAULT_WEB_PORT,
    healthcheck: web?.healthcheck ?? null,
    created_at: now,
    updated_at: now,
  };
  await tx.formations.insert(formation);
  return view;
}

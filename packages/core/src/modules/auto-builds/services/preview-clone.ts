import { newId } from '../../../kernel/ids.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { EventSink } from '../../../kernel/unit-of-work.js';
import type { Formation } from '../../deploys/domain/deploys.js';
import { DEFAULT_WEB_PORT } from '../../deploys/domain/runtime.js';
import type { AppView } from '../../foundation/domain/records.js';
import { insertApp } from '../../foundation/services/insert-app.js';

/**
 * Creates the preview app of `source` inside the caller's transaction when the host lists no app-setups module (with
 * it, previews are app setups of the source's blueprint): a new app named `name` in the same space and organization,
 * with the source's own config vars and only its web formation (one dyno). Addons are not attached this way.
 */
export async function clonePreviewApp(tx: StoreTx, events: EventSink, source: AppView, name: string, defaultSize: string): Promise<AppView> {
  const now = new Date();
  const view = await insertApp(tx, events, { name, space: source.space, organization: source.organization, owner: { id: source.app.owner_id, email: source.app.owner_email } });
  const app = view.app;
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

import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { AppView } from '../../foundation/domain/records.js';
import { requireApp } from '../../foundation/services/resolve.js';
import type { Preview } from '../domain/auto-builds.js';
import type { AppCleanup } from '../../foundation/services/apps.js';
import type { AppPreviewLookup } from '../../foundation/services/app-previews.js';

/** Preview apps of a source app. */
export class PreviewService {
  constructor(private readonly uow: UnitOfWork) {}

  /** The previews of an app, oldest first. */
  list(appRef: string): Promise<{ previews: Preview[]; view: AppView }> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      return { previews: await tx.previews.list(view.app.id), view };
    });
  }
}

/** In an app's delete transaction: its auto build, its delivery ids, and its record as a preview of another app. */
export const removeAutoBuilds: AppCleanup = async (tx, view) => {
  await tx.autoBuilds.delete(view.app.id);
  await tx.sourceDeliveries.forgetApp(view.app.id);
  const asPreview = await tx.previews.findByApp(view.app.id);
  if (asPreview) await tx.previews.delete(asPreview.id);
  // A deleted source app's preview apps stay (they are apps of their own), but no longer list as its previews.
  for (const p of await tx.previews.list(view.app.id)) await tx.previews.delete(p.id);
};

/** The `preview` field of apps that are previews: their preview's id. */
export const previewOfApps: AppPreviewLookup = async (tx, appIds) => new Map((await tx.previews.byApps(appIds)).map((p) => [p.app_id, p.id]));

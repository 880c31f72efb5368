import type { DependencyContainer } from 'tsyringe';
import type { Principal } from '../../../kernel/authenticator.js';
import { AddonService } from '../../addons/services/addons.js';
import { AppSetupService } from '../../app-setups/services/app-setups.js';
import { BlueprintService, type Blueprint } from '../../app-setups/services/blueprints.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import { appKey } from '../../foundation/domain/names.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { ArchiveSource } from './archive-source.js';

/** Whether the host listed the app-setups module, whose blueprints previews are made from. */
export function blueprintsAvailable(c: DependencyContainer): boolean {
  return c.isRegistered(BlueprintService) && c.isRegistered(AppSetupService);
}

/**
 * The blueprint of a preview: the source app's own (config values included: previews are refused in socs/prod
 * spaces), renamed, web only with one dyno, the source's addons shared by attachment instead of provisioned again,
 * no drains, sites or pipeline coupling, and the pull request's head archive as its source.
 */
export async function previewBlueprint(c: DependencyContainer, uow: UnitOfWork, source: AppView, name: string, archive: ArchiveSource, version: string): Promise<Blueprint> {
  const bp = await c.resolve(BlueprintService).exportBlueprint(source.app.id, { reveal: true });
  const web = bp.formation.web;
  const shared: Blueprint['attachments'] = [];
  if (c.isRegistered(AddonService)) {
    await uow.read(async (tx) => {
      for (const at of await tx.addonAttachments.byApp(source.app.id)) {
        if (!at.owner) continue;
        const addon = await tx.addons.find(at.addon_id);
        if (addon && addon.state !== 'deprovisioning' && addon.state !== 'failed') shared.push({ name: addon.name, app: appKey(source.app.name, source.space.name), id: addon.id });
      }
    });
  }
  return {
    ...bp,
    app: { ...bp.app, name },
    // Without a web formation of its own the source's size is unknown: the setup then takes the platform default.
    formation: { web: { quantity: 1, ...(web?.size ? { size: web.size } : {}), command: web?.command ?? null, ...(web?.port !== undefined ? { port: web.port } : {}), ...(web?.healthcheck !== undefined ? { healthcheck: web.healthcheck } : {}) } as Blueprint['formation'][string] },
    addons: {},
    attachments: [...shared, ...bp.attachments],
    source_blob: { url: archive.url, checksum: archive.checksum, version },
    'log-drains': [],
    'pipeline-couplings': [],
    sites: {},
  };
}

/** Creates the preview app through an app setup (app and config now, formation, attachments, build and release by its job). */
export async function createPreviewSetup(c: DependencyContainer, blueprint: Blueprint, actor: Principal): Promise<{ app_id: string; setup_id: string }> {
  const setup = await c.resolve(AppSetupService).create(blueprint, { actor });
  return { app_id: setup.app_id, setup_id: setup.id };
}

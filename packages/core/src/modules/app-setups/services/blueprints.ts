import type { DependencyContainer } from 'tsyringe';
import type { StoreTx } from '../../../kernel/store.js';
import { defaultPage } from '../../../kernel/paging.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import type { AppView } from '../../foundation/domain/records.js';
import { redacts, requireApp } from '../../foundation/services/resolve.js';
import { AddonService } from '../../addons/services/addons.js';
import { LogDrainService } from '../../log-drains/services/log-drains.js';
import { PipelineService } from '../../pipelines/services/pipelines.js';
import { parseSourceUrl, redactUrl } from '../../deploys/domain/source.js';

/** An app's blueprint in the seed's shape: the body POST /app-setups takes to create an equivalent app. */
export interface Blueprint {
  app: { locked: boolean; name: string; organization: string; region: string; personal: boolean; space: string; stack: string };
  env: Record<string, { description: string; required: boolean; value?: string }>;
  formation: Record<string, { quantity: number; size: string; command: string | null; port?: number | null; healthcheck?: string | null }>;
  addons: Record<string, { plan: string; as?: string }>;
  attachments: Array<{ name: string; app: string; id: string }>;
  source_blob: { checksum: string; url: string; version: string | null } | null;
  'log-drains': Array<{ url: string; token: string }>;
  'pipeline-couplings': Array<{ pipeline: string; stage: string }>;
  sites: Record<string, { routes: Array<{ source_path: string; target_path: string }> }>;
}

/** Exports apps as blueprints (GET /apps/{app}/app-setups); previews clone an app from one. */
export class BlueprintService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly container: DependencyContainer,
    private readonly catalog: PlatformCatalog,
  ) {}

  /**
   * The blueprint of an app: its own config vars (in socs/prod spaces, unless `reveal`, redacted ones come back
   * `required` without a value, so a clone must be given them), formation, addons it owns, attachments of other
   * apps' addons, the image of its current release (else its latest build's source), drains and pipeline coupling.
   */
  exportBlueprint(appKey: string, options: { reveal?: boolean } = {}): Promise<Blueprint> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appKey);
      const hide = redacts(view.space) && !options.reveal;
      const own = await tx.configVars.get({ kind: 'app', id: view.app.id });
      const env: Blueprint['env'] = {};
      for (const [k, v] of Object.entries(own)) env[k] = hide ? { description: '', required: true } : { description: '', required: false, value: v };
      const formation: Blueprint['formation'] = {};
      for (const f of await tx.formations.list(view.app.id)) {
        formation[f.type] = { quantity: f.quantity, size: f.size, command: f.command, ...(f.type === 'web' ? { port: f.port, healthcheck: f.healthcheck } : {}) };
      }
      const stack = this.catalog.stacks.find((s) => s.name === view.space.stack);
      return {
        app: { locked: false, name: view.app.name, organization: view.organization.name, region: stack?.region ?? '', personal: false, space: view.space.name, stack: view.space.stack },
        env,
        formation,
        ...(await this.addons(tx, view)),
        source_blob: await sourceBlob(tx, view),
        'log-drains': this.container.isRegistered(LogDrainService) ? (await tx.logDrains.list(view.app.id, defaultPage())).map((d) => ({ url: hide || d.url !== d.redacted ? d.redacted : d.url, token: d.token })) : [],
        'pipeline-couplings': await this.couplings(tx, view),
        sites: {},
      };
    });
  }

  private async addons(tx: StoreTx, view: AppView): Promise<Pick<Blueprint, 'addons' | 'attachments'>> {
    const out: Pick<Blueprint, 'addons' | 'attachments'> = { addons: {}, attachments: [] };
    if (!this.container.isRegistered(AddonService)) return out;
    for (const at of await tx.addonAttachments.byApp(view.app.id)) {
      const addon = await tx.addons.find(at.addon_id);
      if (!addon || addon.state === 'deprovisioning' || addon.state === 'failed') continue;
      if (at.owner) {
        const plan = `${addon.service_name}:${addon.plan_name}`;
        // Keyed by service as the seed shows; a second addon of a service is keyed by its name, with `as`.
        if (!out.addons[addon.service_name]) out.addons[addon.service_name] = { plan };
        else out.addons[at.name] = { plan, as: at.name };
      } else {
        const owner = await tx.apps.find({ id: addon.app_id });
        out.attachments.push({ name: addon.name, app: owner ? `${owner.app.name}-${owner.space.name}` : addon.app_id, id: addon.id });
      }
    }
    return out;
  }

  private async couplings(tx: StoreTx, view: AppView): Promise<Blueprint['pipeline-couplings']> {
    if (!this.container.isRegistered(PipelineService)) return [];
    const c = await tx.pipelineCouplings.byApp(view.app.id);
    const pipeline = c ? await tx.pipelines.find(c.pipeline_id) : null;
    return c && pipeline ? [{ pipeline: pipeline.name, stage: c.stage }] : [];
  }
}

/** The image of the current release (a clone needs no rebuild, and the sources may be gone), else the latest build's source. */
async function sourceBlob(tx: StoreTx, view: AppView): Promise<Blueprint['source_blob']> {
  const current = await tx.releases.current(view.app.id);
  const slug = current ? await tx.slugs.get(current.slug_id) : null;
  const builds = await tx.builds.list(view.app.id, defaultPage());
  const latest = builds.sort((a, b) => b.created_at.getTime() - a.created_at.getTime())[0];
  const build = slug ? ((await tx.builds.find(slug.build_id)) ?? latest) : latest;
  if (slug) return { checksum: build?.source.checksum ?? slug.checksum, url: `docker://${slug.image}`, version: build?.source.version ?? null };
  if (!build?.source.url) return null;
  // Presigned query strings and userinfo are credentials: shown as the builds endpoint shows them.
  const loc = parseSourceUrl(build.source.url);
  return { checksum: build.source.checksum, url: loc.kind === 'remote' ? redactUrl(loc.url) : build.source.url, version: build.source.version };
}

import { insertApp } from '../../foundation/services/insert-app.js';
import type { DependencyContainer } from 'tsyringe';
import { ConflictError, ManifestError, NotFoundError, isPlatformError } from '../../../errors.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { newId } from '../../../kernel/ids.js';
import { enqueueJob } from '../../../kernel/jobs.js';
import type { SecretBox } from '../../../kernel/secrets.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import { diffConfig, maskValues } from '../../foundation/domain/config-vars.js';
import { isUuid } from '../../foundation/domain/names.js';
import { REDACTED, eventSubject, redacts } from '../../foundation/services/resolve.js';
import { AddonService } from '../../addons/services/addons.js';
import type { Build } from '../../deploys/domain/deploys.js';
import { BUILD_DRIVER } from '../../deploys/ports/build-driver.js';
import { RUNTIME_DRIVER } from '../../deploys/ports/runtime-driver.js';
import { LogDrainService } from '../../log-drains/services/log-drains.js';
import { PipelineService } from '../../pipelines/services/pipelines.js';
import { planSteps, type AppSetup, type SetupPlan } from '../domain/app-setups.js';
import { parseBlueprint, type ParsedBlueprint } from '../domain/blueprint.js';

/** The job kind that installs a setup's blueprint, step by step. */
export const APP_SETUP = 'app-setup.run';

/** Seals and opens the stored plan: it holds source URLs and drain URLs that may carry credentials. */
export class PlanBox {
  constructor(private readonly box: SecretBox | null) {}

  /** The plan as stored: sealed when the platform has a key. */
  seal(plan: SetupPlan): string {
    return this.box ? `sealed:${this.box.sealJson(plan)}` : JSON.stringify(plan);
  }

  /** The stored plan, opened. */
  open(stored: string): SetupPlan {
    if (!stored.startsWith('sealed:')) return JSON.parse(stored) as SetupPlan;
    if (!this.box) throw new Error('the app setup plan is sealed, but the app-setups module was given no secretKey');
    return this.box.openJson<SetupPlan>(stored.slice('sealed:'.length));
  }
}

/** Options of a setup beyond its blueprint (previews pass who asked, and may add config). */
export interface AppSetupCreateOptions {
  actor: Principal;
}

/**
 * App setups: `create` checks a whole blueprint (every problem at once, nothing created on any), then creates the
 * app with its config vars and the setup row in one transaction and queues the job that installs the rest.
 */
export class AppSetupService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly container: DependencyContainer,
    private readonly catalog: PlatformCatalog,
    private readonly plans: PlanBox,
  ) {}

  /** Checks a blueprint, creates its app and config, records the setup and queues its job; ManifestError lists every problem. */
  async create(blueprintBody: unknown, options: AppSetupCreateOptions): Promise<AppSetup> {
    const actor = options.actor;
    const { blueprint, problems } = parseBlueprint(blueprintBody, this.catalog.sizes.map((s) => s.name));
    const c = this.container;
    if (!c.isRegistered(BUILD_DRIVER)) problems.push('source_blob: this platform has no build driver, so it cannot build the source');
    if (blueprint) {
      const p = blueprint.plan;
      if (p.addons.length && !c.isRegistered(AddonService)) problems.push('addons: this platform has no addons module');
      if (p.attachments.length && !c.isRegistered(AddonService)) problems.push('attachments: this platform has no addons module');
      if (p.drains.length && !c.isRegistered(LogDrainService)) problems.push('log-drains: this platform has no log-drains module');
      if (p.couplings.length && !c.isRegistered(PipelineService)) problems.push('pipeline-couplings: this platform has no pipelines module');
      if (p.addons.length && c.isRegistered(AddonService)) await this.checkPlans(p, problems);
      await this.uow.read(async (tx) => {
        const org = await tx.organizations.find(blueprint.app.org);
        if (!org) problems.push(`${blueprint.app.orgField}: the organization ${blueprint.app.org} was not found`);
        const space = await tx.spaces.find(blueprint.app.space);
        if (!space) problems.push(`app.space: the space ${blueprint.app.space} was not found`);
        else if (blueprint.app.stack && space.stack !== blueprint.app.stack) problems.push(`app.stack: the space ${space.name} runs on the stack ${space.stack}, not ${blueprint.app.stack}`);
        for (const [i, a] of p.attachments.entries()) {
          if (!c.isRegistered(AddonService)) break;
          const addon = await tx.addons.find(a.id ?? a.name!);
          if (!addon) problems.push(`attachments[${i}]: the addon ${a.id ?? a.name} was not found`);
          else if (a.app) {
            const owner = await tx.apps.find({ id: addon.app_id });
            const named = owner ? [owner.app.id, owner.app.name, `${owner.app.name}-${owner.space.name}`] : [];
            if (!named.includes(a.app.toLowerCase())) problems.push(`attachments[${i}].app: the addon ${addon.name} does not belong to ${a.app}`);
          }
        }
        for (const [i, cp] of p.couplings.entries()) {
          if (!c.isRegistered(PipelineService)) break;
          if (!(await tx.pipelines.find(cp.pipeline))) problems.push(`pipeline-couplings[${i}].pipeline: the pipeline ${cp.pipeline} was not found`);
        }
      });
    }
    if (problems.length || !blueprint) throw new ManifestError(problems);
    const steps = planSteps(blueprint.plan, { release: c.isRegistered(RUNTIME_DRIVER) });
    try {
      return await this.insert(actor, blueprint, steps);
    } catch (err) {
      // The unique index on apps decides a race the read could not see: the loser hears which field clashed.
      if (err instanceof ConflictError && err.field !== 'app.name') throw new ConflictError(`The app ${blueprint.app.name}-${blueprint.app.space} already exists.`, 'app.name');
      throw err;
    }
  }

  /** Creates the app, its config vars and the setup row, and queues the setup job, in one transaction. */
  private insert(actor: Principal, blueprint: ParsedBlueprint, steps: string[]): Promise<AppSetup> {
    return this.uow.run(actor, async (tx, events) => {
      const organization = (await tx.organizations.find(blueprint.app.org))!;
      const space = (await tx.spaces.find(blueprint.app.space))!;
      if (await tx.apps.find({ name: blueprint.app.name, space: space.name })) {
        throw new ConflictError(`The app ${blueprint.app.name}-${space.name} already exists.`, 'app.name');
      }
      const now = new Date();
      // A concurrent setup (or POST /apps) of the same name loses here on the unique index: ConflictError, nothing written.
      const view = await insertApp(tx, events, { name: blueprint.app.name, space, organization, owner: actor });
      const app = view.app;
      if (Object.keys(blueprint.config).length) {
        const changes = diffConfig({}, blueprint.config);
        await tx.configVars.patch({ kind: 'app', id: app.id }, blueprint.config);
        await events.emit('config_change', { ...eventSubject(view), changes, config_vars: redacts(space) ? maskValues(blueprint.config, REDACTED) : blueprint.config }, app.id);
      }
      const setup: AppSetup = {
        id: newId(),
        app_id: app.id,
        app_name: app.name,
        status: 'pending',
        completed: 0,
        steps,
        failure_message: '',
        build_id: null,
        postdeploy: null,
        plan: this.plans.seal(blueprint.plan),
        user_id: actor.id,
        username: actor.username,
        user_email: actor.email,
        created_at: now,
        updated_at: now,
      };
      await tx.appSetups.insert(setup);
      await enqueueJob(tx, APP_SETUP, `app-setup:${setup.id}`, { setup_id: setup.id });
      return setup;
    });
  }

  /** One setup by id. */
  get(id: string): Promise<AppSetup> {
    return this.uow.read((tx) => requireSetup(tx, id));
  }

  /** One setup with its build (once started) and its app's key (null once the app is gone). */
  view(id: string): Promise<{ setup: AppSetup; build: Build | null; appKey: string | null }> {
    return this.uow.read(async (tx) => {
      const setup = await requireSetup(tx, id);
      const build = setup.build_id ? await tx.builds.find(setup.build_id) : null;
      const app = await tx.apps.find({ id: setup.app_id });
      return { setup, build, appKey: app ? `${app.app.name}-${app.space.name}` : null };
    });
  }

  /** Checks each addon plan against the brokers' catalogs, and names it `service:plan` for the job. */
  private async checkPlans(plan: SetupPlan, problems: string[]): Promise<void> {
    const addons = this.container.resolve(AddonService);
    for (const [i, a] of plan.addons.entries()) {
      const [service, ...rest] = a.plan.split(':');
      try {
        const found = await addons.service(service!);
        if (!rest.length) {
          if (found.service.plans.length !== 1) {
            problems.push(`addons[${i}].plan: the service ${found.service.name} has several plans; name one (${found.service.plans.map((x) => `${found.service.name}:${x.name}`).join(', ')})`);
            continue;
          }
          a.plan = `${found.service.name}:${found.service.plans[0]!.name}`;
          continue;
        }
        const { plan: p } = await addons.plan(service!, a.plan);
        a.plan = `${found.service.name}:${p.name}`;
      } catch (err) {
        if (!isPlatformError(err)) throw err;
        problems.push(`addons[${i}].plan: ${err.message}`);
      }
    }
  }
}

/** Loads a setup or throws NotFoundError. */
export async function requireSetup(tx: StoreTx, id: string): Promise<AppSetup> {
  const s = isUuid(id) ? await tx.appSetups.get(id.toLowerCase()) : null;
  if (!s) throw new NotFoundError(`The app setup ${id} was not found.`, 'app_setup');
  return s;
}

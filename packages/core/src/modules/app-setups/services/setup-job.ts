import type { DependencyContainer } from 'tsyringe';
import { DriverUnavailableError, isPlatformError } from '../../../errors.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { backoffMs } from '../../../kernel/backoff.js';
import { defaultPage } from '../../../kernel/paging.js';
import { interrupted, type JobHandler, type JobOutcome } from '../../../kernel/jobs.js';
import type { Store } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { AppView } from '../../foundation/domain/records.js';
import { AddonService } from '../../addons/services/addons.js';
import { BuildService } from '../../deploys/services/builds.js';
import { appJobKey, DEPLOY_APP } from '../../deploys/services/deploys.js';
import { FormationService } from '../../deploys/services/formations.js';
import { createRelease, RELEASE_GUARDS } from '../../deploys/services/releases.js';
import { LogDrainService } from '../../log-drains/services/log-drains.js';
import { PipelineService } from '../../pipelines/services/pipelines.js';
import type { Stage } from '../../pipelines/domain/pipelines.js';
import type { AppSetup, PostdeployResult, SetupPlan } from '../domain/app-setups.js';
import { RUNTIME_DRIVER } from '../../deploys/ports/runtime-driver.js';
import { composeConfig, CONFIG_SOURCES } from '../../foundation/services/config-sources.js';
import { APP_SETUP, type PlanBox } from './app-setups.js';

/** Tuning of the setup job. */
export interface SetupJobOptions {
  /** How often a waiting step (build, rollout) looks again (default 1 s). */
  pollMs?: number;
  /** Runs of the job a step may fail on an unavailable driver before the setup fails (default 5). */
  maxAttempts?: number;
}

/** A step's answer: done (the next one may run), or look again later. */
type StepResult = 'done' | 'wait';

/** A step failed for good; the setup fails with the step's name and this reason. */
class StepFailed extends Error {}

const BUILD_WAIT_MS = 60 * 60_000;
const ROLLOUT_WAIT_MS = 30 * 60_000;

/**
 * Installs a setup's plan one step at a time. The setup row records how many steps are done, so a run after a crash
 * resumes at the first step not recorded; each step first looks at what exists (an addon of the plan, the app's
 * build, a release of the build's slug ...) so a step cut short between its write and its record is not repeated.
 */
export function appSetupHandler(store: Store, uow: UnitOfWork, container: DependencyContainer, plans: PlanBox, options: SetupJobOptions = {}): JobHandler {
  const pollMs = options.pollMs ?? 1000;
  return {
    kind: APP_SETUP,
    async run(job, ctx): Promise<JobOutcome> {
      const id = String(job.payload.setup_id);
      let failed = Number(job.payload.failures ?? 0);
      for (;;) {
        const setup = await store.read((tx) => tx.appSetups.get(id));
        if (!setup || setup.status !== 'pending') return { status: 'succeeded' };
        if (setup.completed >= setup.steps.length) {
          await settle(store, setup, setup.completed, { status: 'succeeded' });
          return { status: 'succeeded' };
        }
        if (ctx.signal.aborted) return interrupted(ctx);
        const step = setup.steps[setup.completed]!;
        const view = await store.read((tx) => tx.apps.find({ id: setup.app_id }));
        if (!view) {
          await settle(store, setup, setup.completed, { status: 'failed', failure_message: `${step} failed: the app was deleted` });
          return { status: 'succeeded' };
        }
        const actor: Principal = { id: setup.user_id, username: setup.username, email: setup.user_email, roles: [] };
        let result: StepResult;
        try {
          result = await runStep(step, setup, plans.open(setup.plan), view, actor);
        } catch (err) {
          if (ctx.signal.aborted) return interrupted(ctx);
          // Runs that only waited do not count: the payload keeps how many runs in a row this step's driver failed.
          const failures = failed + 1;
          const final = err instanceof StepFailed || (isPlatformError(err) && !(err instanceof DriverUnavailableError)) || failures >= (options.maxAttempts ?? 5);
          if (!final) {
            const at = new Date(ctx.clock.now().getTime() + backoffMs(failures, { baseMs: pollMs, capMs: 60_000 }));
            return { status: 'retry', at, error: `${step}: ${(err as Error).message}`, payload: { ...job.payload, failures } };
          }
          await settle(store, setup, setup.completed, { status: 'failed', failure_message: `${step} failed: ${(err as Error).message}` });
          return { status: 'succeeded' };
        }
        if (ctx.signal.aborted) return interrupted(ctx);
        if (result === 'wait') return { status: 'retry', at: new Date(ctx.clock.now().getTime() + pollMs), error: `waiting on ${step}`, payload: { setup_id: id } };
        await settle(store, setup, setup.completed + 1, setup.completed + 1 === setup.steps.length ? { status: 'succeeded' } : {});
        failed = 0;
      }
    },
  };

  /** One step; throws StepFailed (or a platform error) when it cannot succeed. */
  async function runStep(step: string, setup: AppSetup, plan: SetupPlan, view: AppView, actor: Principal): Promise<StepResult> {
    const key = `${view.app.name}-${view.space.name}`;
    const index = setup.steps.slice(0, setup.completed).filter((s) => s.split(' ')[0] === step.split(' ')[0]).length;
    switch (step.split(' ')[0]) {
      case 'formation': {
        const formations = container.resolve(FormationService);
        const existing = new Set((await store.read((tx) => tx.formations.list(view.app.id))).map((f) => f.type));
        for (const f of plan.formation) {
          const input = { ...(f.quantity !== undefined ? { quantity: f.quantity } : {}), ...(f.size ? { size: f.size } : {}), ...(f.port !== undefined ? { port: f.port } : {}), ...(f.command !== undefined ? { command: f.command } : {}), ...(f.healthcheck ? { healthcheck: f.healthcheck } : {}) };
          // Setting the same values again is harmless, so a re-run after a crash converges on the plan.
          if (existing.has(f.type)) await formations.batch(actor, key, [{ ...input, type: f.type }]);
          else await formations.create(actor, key, { quantity: 1, ...input, type: f.type });
        }
        return 'done';
      }
      case 'addon': {
        const a = plan.addons[index]!;
        const owned = await store.read(async (tx) => {
          for (const at of await tx.addonAttachments.byApp(view.app.id)) {
            if (!at.owner) continue;
            const addon = await tx.addons.find(at.addon_id);
            if (addon && `${addon.service_name}:${addon.plan_name}` === a.plan && (a.as ? at.name === a.as : true)) return true;
          }
          return false;
        });
        // Several addons of one plan: count the ones already made instead of matching any.
        const same = plan.addons.slice(0, index + 1).filter((x) => x.plan === a.plan && !x.as && !a.as).length;
        const have = a.as ? (owned ? 1 : 0) : await countOwned(view.app.id, a.plan);
        if ((a.as && owned) || (!a.as && have >= same)) return 'done';
        await container.resolve(AddonService).create(actor, key, { plan: a.plan, ...(a.as ? { attachment: { name: a.as } } : {}) });
        return 'done';
      }
      case 'attachment': {
        const a = plan.attachments[index]!;
        const ref = a.id ?? a.name!;
        const attached = await store.read(async (tx) => {
          const addon = await tx.addons.find(ref);
          return !!addon && (await tx.addonAttachments.byApp(view.app.id)).some((x) => x.addon_id === addon.id);
        });
        if (!attached) await container.resolve(AddonService).attach(actor, key, { addon: ref });
        return 'done';
      }
      case 'log-drain': {
        const url = plan.drains[index]!;
        const drains = await store.read((tx) => tx.logDrains.list(view.app.id, defaultPage()));
        if (!drains.some((d) => d.url === url)) await container.resolve(LogDrainService).create(actor, key, { url });
        return 'done';
      }
      case 'build':
        return buildStep(setup, plan, view, actor, key);
      case 'release':
        return releaseStep(setup, view, actor);
      case 'postdeploy':
        return postdeployStep(setup, plan, view);
      case 'pipeline-coupling': {
        const cp = plan.couplings[index]!;
        const coupled = await store.read((tx) => tx.pipelineCouplings.byApp(view.app.id));
        if (!coupled) await container.resolve(PipelineService).couple(actor, { app: key, pipeline: cp.pipeline, stage: cp.stage as Stage });
        return 'done';
      }
      default:
        throw new StepFailed(`unknown step ${step}`);
    }
  }

  async function countOwned(appId: string, plan: string): Promise<number> {
    return store.read(async (tx) => {
      let n = 0;
      for (const at of await tx.addonAttachments.byApp(appId)) {
        const addon = at.owner ? await tx.addons.find(at.addon_id) : null;
        if (addon && `${addon.service_name}:${addon.plan_name}` === plan) n++;
      }
      return n;
    });
  }

  /** Starts the app's build once (adopting the one a crashed run started), then waits for it to finish. */
  async function buildStep(setup: AppSetup, plan: SetupPlan, view: AppView, actor: Principal, key: string): Promise<StepResult> {
    let buildId = setup.build_id;
    if (!buildId) {
      // The app is the setup's own: any build it has was started by an earlier run of this step.
      const builds = await store.read((tx) => tx.builds.list(view.app.id, defaultPage()));
      const first = builds.sort((a, b) => a.created_at.getTime() - b.created_at.getTime())[0];
      buildId = first?.id ?? (await container.resolve(BuildService).create(actor, key, { url: plan.source_blob.url, checksum: plan.source_blob.checksum, ...(plan.source_blob.version ? { version: plan.source_blob.version } : {}) })).build.id;
      await store.transaction(async (tx) => {
        const s = await tx.appSetups.get(setup.id);
        if (s && !s.build_id) await tx.appSetups.update({ ...s, build_id: buildId, updated_at: new Date() });
      });
    }
    const build = await store.read((tx) => tx.builds.find(buildId!));
    if (!build) throw new StepFailed('the build was removed');
    if (build.status === 'succeeded') return 'done';
    if (build.status !== 'pending') {
      const lines = await store.read((tx) => tx.builds.lines(build.id));
      throw new StepFailed(`the build ${build.status}${lines.length ? `: ${lines.at(-1)}` : ''}`);
    }
    if (Date.now() - build.created_at.getTime() > BUILD_WAIT_MS) throw new StepFailed('the build did not finish in time');
    return 'wait';
  }

  /**
   * Runs the app.json postdeploy script once as a one-off process of the released image, with the app's config;
   * a non-zero exit fails the setup. A runtime without one-off processes gets it reported as not run.
   */
  async function postdeployStep(setup: AppSetup, plan: SetupPlan, view: AppView): Promise<StepResult> {
    if (setup.postdeploy) return setup.postdeploy.exit_code === null || setup.postdeploy.exit_code === 0 ? 'done' : failPostdeploy(setup.postdeploy.exit_code);
    const runtime = container.isRegistered(RUNTIME_DRIVER) ? container.resolve(RUNTIME_DRIVER) : null;
    let result: PostdeployResult;
    if (!runtime?.runOnce) {
      result = { exit_code: null, output: 'not run: the runtime of this platform runs no one-off processes' };
    } else {
      const sources = container.isRegistered(CONFIG_SOURCES) ? container.resolve(CONFIG_SOURCES) : [];
      const { image, env } = await store.read(async (tx) => {
        const current = await tx.releases.current(view.app.id);
        const slug = current ? await tx.slugs.get(current.slug_id) : null;
        if (!slug) throw new StepFailed('the app has no released image to run the script in');
        return { image: slug.image, env: await composeConfig(tx, view, sources) };
      });
      // A crash while the script runs runs it again on resume: postdeploy scripts must be idempotent (as on Heroku).
      result = await runtime.runOnce({ app: { id: view.app.id, name: view.app.name }, space: { id: view.space.id, name: view.space.name }, image, env, command: plan.postdeploy! });
    }
    await store.transaction(async (tx) => {
      const s = await tx.appSetups.get(setup.id);
      if (s && !s.postdeploy) await tx.appSetups.update({ ...s, postdeploy: result, updated_at: new Date() });
    });
    return result.exit_code === null || result.exit_code === 0 ? 'done' : failPostdeploy(result.exit_code);
  }

  function failPostdeploy(code: number): never {
    throw new StepFailed(`the script exited with code ${code}`);
  }

  /** Releases the build's slug once (auto-release may have done it), then waits for the rollout. */
  async function releaseStep(setup: AppSetup, view: AppView, actor: Principal): Promise<StepResult> {
    const release = await uow.run(actor, async (tx, events) => {
      const build = setup.build_id ? await tx.builds.find(setup.build_id) : null;
      const slug = build?.slug_id ? await tx.slugs.get(build.slug_id) : null;
      if (!slug) throw new StepFailed('the build left no slug to release');
      const current = await tx.releases.current(view.app.id);
      if (current?.slug_id === slug.id) return current;
      for (const guard of container.resolve(RELEASE_GUARDS)) await guard(tx, view);
      return createRelease(tx, view, slug, `Deploy ${slug.id} (app setup)`, actor, events);
    });
    if (release.released_at) return 'done';
    const deploys = await store.read((tx) => tx.jobs.byKey(DEPLOY_APP, appJobKey(view.app.id)));
    const last = deploys.at(-1);
    if (last?.state === 'failed' && last.created_at >= release.created_at) throw new StepFailed(`the rollout failed: ${last.last_error ?? 'unknown error'}`);
    if (Date.now() - release.created_at.getTime() > ROLLOUT_WAIT_MS) throw new StepFailed('the rollout did not complete in time');
    return 'wait';
  }
}

/** Records progress (and the outcome) on the setup row, unless another run already moved it on. */
async function settle(store: Store, setup: AppSetup, completed: number, patch: Partial<Pick<AppSetup, 'status' | 'failure_message'>>): Promise<void> {
  await store.transaction(async (tx) => {
    const s = await tx.appSetups.get(setup.id);
    if (!s || s.status !== 'pending' || s.completed !== setup.completed) return;
    await tx.appSetups.update({ ...s, completed, ...patch, updated_at: new Date() });
  });
}


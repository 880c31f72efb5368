import { instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { instrumentPort } from '../../kernel/instrument.js';
import { STORE } from '../../kernel/store.js';
import { TELEMETRY } from '../../kernel/telemetry.js';
import { TRANSACTIONAL_SUBSCRIBERS, UNIT_OF_WORK, type TransactionalSubscriber } from '../../kernel/unit-of-work.js';
import { APP_CLEANUPS } from '../foundation/services/apps.js';
import { PLATFORM_CATALOG } from '../foundation/services/catalog.js';
import { CONFIG_CHANGE_HOOKS, CONFIG_SOURCES } from '../foundation/services/config-sources.js';
import { buildRoutes } from './operations/builds.js';
import { dynoRoutes } from './operations/dynos.js';
import { formationRoutes } from './operations/formations.js';
import { logSessionRoutes } from './operations/log-sessions.js';
import { releaseRoutes } from './operations/releases.js';
import { BUILD_DRIVER } from './ports/build-driver.js';
import { RUNTIME_DRIVER } from './ports/runtime-driver.js';
import { SOURCE_FETCHER } from './source-fetcher.js';
import { BuildService, buildHandler } from './services/builds.js';
import { deployHandler, removeDeploys, removeHandler, restartHandler } from './services/deploy-jobs.js';
import { enqueueDeploy, type DeployOptions } from './services/deploys.js';
import { DynoService } from './services/dynos.js';
import { FormationService } from './services/formations.js';
import { LogSessionService } from './services/log-sessions.js';
import { RELEASE_GUARDS, ReleaseService, releaseOnConfigChange } from './services/releases.js';
import { watchRuntimeEvents } from './services/runtime-events.js';

/** Redeploys a released app whose maintenance mode changed, so the runtime takes its web dynos off or back on. */
export const redeployOnMaintenance: TransactionalSubscriber = async (tx, event) => {
  if (event.action !== 'app_update' || !event.app_id) return;
  const changes = (event.payload as { changes?: Array<{ name?: string }> }).changes ?? [];
  if (!changes.some((c) => c.name === 'maintenance')) return;
  if (await tx.releases.current(event.app_id)) await enqueueDeploy(tx, event.app_id);
};

/** The deploy options with the drivers registered in the container (what services and jobs are handed). */
function resolvedOptions(c: DependencyContainer, options: DeployOptions): DeployOptions {
  return {
    ...options,
    ...(c.isRegistered(RUNTIME_DRIVER) ? { runtime: c.resolve(RUNTIME_DRIVER) } : {}),
    ...(c.isRegistered(BUILD_DRIVER) ? { builder: c.resolve(BUILD_DRIVER) } : {}),
    ...(c.isRegistered(SOURCE_FETCHER) ? { sourceFetcher: c.resolve(SOURCE_FETCHER) } : {}),
  };
}

/**
 * Builds, slugs, releases, formations, dynos and log sessions. Without drivers the records still work and the
 * operations that need an engine answer 503. Other modules refuse releases through the RELEASE_GUARDS point.
 */
export function deploys(options: DeployOptions = {}): PlatformModule {
  return {
    name: 'deploys',
    operations: [...buildRoutes, ...releaseRoutes, ...formationRoutes, ...dynoRoutes, ...logSessionRoutes],
    register(ctx) {
      const c = ctx.container;
      // Registered instrumented, so every module resolving the drivers has their calls timed.
      const telemetry = c.resolve(TELEMETRY);
      if (options.runtime) c.register(RUNTIME_DRIVER, { useValue: instrumentPort(options.runtime, 'runtime', telemetry) });
      if (options.builder) c.register(BUILD_DRIVER, { useValue: instrumentPort(options.builder, 'build', telemetry) });
      if (options.sourceFetcher) c.register(SOURCE_FETCHER, { useValue: options.sourceFetcher });
      const opts = resolvedOptions(c, options);
      // Registered here so modules listed later (pipelines) can contribute guards.
      ctx.extend(RELEASE_GUARDS);
      c.register(BuildService, { useFactory: instanceCachingFactory((r) => new BuildService(r.resolve(UNIT_OF_WORK), opts)) });
      c.register(ReleaseService, { useFactory: instanceCachingFactory((r) => new ReleaseService(r.resolve(UNIT_OF_WORK), opts, r.resolve(RELEASE_GUARDS))) });
      c.register(FormationService, { useFactory: instanceCachingFactory((r) => new FormationService(r.resolve(UNIT_OF_WORK), r.resolve(PLATFORM_CATALOG))) });
      c.register(DynoService, { useFactory: instanceCachingFactory((r) => new DynoService(r.resolve(UNIT_OF_WORK), opts)) });
      c.register(LogSessionService, { useFactory: instanceCachingFactory((r) => new LogSessionService(r.resolve(UNIT_OF_WORK), opts)) });
      ctx.extend(APP_CLEANUPS).push(removeDeploys(opts));
      ctx.extend(CONFIG_CHANGE_HOOKS).push(releaseOnConfigChange);
      ctx.extend(TRANSACTIONAL_SUBSCRIBERS).push(redeployOnMaintenance);
      const store = c.resolve(STORE);
      const catalog = c.resolve(PLATFORM_CATALOG);
      if (opts.builder) ctx.jobs.register(buildHandler(store, ctx.uow, opts.builder, catalog, opts));
      if (opts.runtime) {
        ctx.jobs.register(deployHandler(store, ctx.uow, opts.runtime, ctx.extend(CONFIG_SOURCES), catalog, opts));
        ctx.jobs.register(restartHandler(store, opts.runtime));
        ctx.jobs.register(removeHandler(opts.runtime));
      }
      watchRuntimeEvents(ctx, opts.runtime);
    },
  };
}

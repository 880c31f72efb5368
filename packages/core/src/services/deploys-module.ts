import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../platform.js';
import { BuildService, buildHandler } from './builds.js';
import { deployHandler, removeDeploys, removeHandler, restartHandler } from './deploy-jobs.js';
import { DEPLOY_OPTIONS, enqueueDeploy, type DeployOptions } from './deploys.js';
import { DynoService } from './dynos.js';
import { FormationService } from './formations.js';
import { LogSessionService } from './log-sessions.js';
import { ReleaseService, releaseOnConfigChange, type ReleaseGuard } from './releases.js';
import type { TransactionalSubscriber } from './unit-of-work.js';
import { STORE } from '../ports/store.js';

/** Redeploys a released app whose maintenance mode changed, so the runtime takes its web dynos off or back on. */
export const redeployOnMaintenance: TransactionalSubscriber = async (tx, event) => {
  if (event.action !== 'app_update' || !event.app_id) return;
  const changes = (event.payload as { changes?: Array<{ name?: string }> }).changes ?? [];
  if (!changes.some((c) => c.name === 'maintenance')) return;
  if (await tx.releases.current(event.app_id)) await enqueueDeploy(tx, event.app_id);
};

/**
 * Builds, slugs, releases, formations, dynos and log sessions. Always installed by `createPlatform`: without drivers
 * the records still work and the operations that need an engine answer 503.
 */
export function deploysModule(options: DeployOptions = {}, guards: ReleaseGuard[] = []): PlatformModule {
  return (ctx) => {
    const { container: c, uow, catalog, jobs } = ctx;
    const store = c.resolve(STORE);
    c.register(DEPLOY_OPTIONS, { useValue: options });
    c.register(BuildService, { useFactory: instanceCachingFactory(() => new BuildService(uow, options)) });
    c.register(ReleaseService, { useFactory: instanceCachingFactory(() => new ReleaseService(uow, options, guards)) });
    c.register(FormationService, { useFactory: instanceCachingFactory(() => new FormationService(uow, catalog.catalog)) });
    c.register(DynoService, { useFactory: instanceCachingFactory(() => new DynoService(uow, options)) });
    const logSessions = new LogSessionService(uow, options);
    c.register(LogSessionService, { useValue: logSessions });
    ctx.cleanups.push(removeDeploys(options));
    ctx.configChangeHooks.push(releaseOnConfigChange);
    ctx.subscribers.push(redeployOnMaintenance);
    if (options.builder) jobs.register(buildHandler(store, uow, options.builder, catalog.catalog, options));
    if (options.runtime) {
      jobs.register(deployHandler(store, uow, options.runtime, ctx.configSources, catalog.catalog, options));
      jobs.register(restartHandler(store, options.runtime));
      jobs.register(removeHandler(options.runtime));
    }
  };
}

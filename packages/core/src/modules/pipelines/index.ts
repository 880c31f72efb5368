import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { STORE } from '../../kernel/store.js';
import { UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { APP_CLEANUPS } from '../foundation/services/apps.js';
import { CONFIG_SOURCES } from '../foundation/services/config-sources.js';
import { RELEASE_GUARDS } from '../deploys/services/releases.js';
import { RUNTIME_DRIVER } from '../deploys/ports/runtime-driver.js';
import { pipelineRoutes } from './operations/pipelines.js';
import { promotionRoutes } from './operations/promotions.js';
import { PipelineService, removeAppCoupling } from './services/pipelines.js';
import { PromotionService, downstreamReleaseGuard, promotionHandler, type PromotionOptions } from './services/promotions.js';
import { ReleaseStatusService } from './services/release-statuses.js';

/** Tuning of the pipelines module. */
export interface PipelineModuleOptions {
  /** How often a promotion looks at its targets' rollouts (default 1 s). */
  rolloutPollMs?: number;
}

/**
 * Pipelines, couplings of apps at stages, release status checks, and promotions (a durable job that releases the
 * source's slug on the next stage through the deploys module). Downstream apps refuse direct releases.
 */
export function pipelines(options: PipelineModuleOptions = {}): PlatformModule {
  return {
    name: 'pipelines',
    dependsOn: ['deploys'],
    operations: [...pipelineRoutes, ...promotionRoutes],
    register(ctx) {
      const c = ctx.container;
      const promotionOptions: PromotionOptions = {
        configSources: ctx.extend(CONFIG_SOURCES),
        waitForRollout: c.isRegistered(RUNTIME_DRIVER),
        ...(options.rolloutPollMs ? { pollMs: options.rolloutPollMs } : {}),
      };
      ctx.extend(RELEASE_GUARDS).push(downstreamReleaseGuard);
      ctx.extend(APP_CLEANUPS).push(removeAppCoupling);
      c.register(PipelineService, { useFactory: instanceCachingFactory((r) => new PipelineService(r.resolve(UNIT_OF_WORK))) });
      c.register(PromotionService, { useFactory: instanceCachingFactory((r) => new PromotionService(r.resolve(UNIT_OF_WORK), promotionOptions)) });
      c.register(ReleaseStatusService, { useFactory: instanceCachingFactory((r) => new ReleaseStatusService(r.resolve(UNIT_OF_WORK))) });
      ctx.jobs.register(promotionHandler(c.resolve(STORE), ctx.uow, promotionOptions));
    },
  };
}

import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { SecretBox } from '../../kernel/secrets.js';
import { STORE } from '../../kernel/store.js';
import { UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { APP_CLEANUPS } from '../foundation/services/apps.js';
import { PLATFORM_CATALOG } from '../foundation/services/catalog.js';
import { appSetupRoutes } from './operations/app-setups.js';
import { AppSetupService, PlanBox } from './services/app-setups.js';
import { BlueprintService } from './services/blueprints.js';
import { appSetupHandler } from './services/setup-job.js';

/** Settings of the app-setups module. */
export interface AppSetupModuleOptions {
  /** Platform key sealing the stored plan of each setup (source and drain URLs may carry credentials); plain text without one. */
  secretKey?: string;
  /** How often a waiting step (build, rollout) looks again, in ms (default 1 s). */
  pollMs?: number;
}

/**
 * App setups: POST /app-setups creates an app from a blueprint (the seed's or a Heroku app.json) and installs the
 * rest as a durable job; GET /apps/{app}/app-setups exports an app's blueprint. Addons, attachments, log drains and
 * pipeline couplings are installed through their modules when those are listed (a blueprint naming one that is not
 * gets a manifest error).
 */
export function appSetups(options: AppSetupModuleOptions = {}): PlatformModule {
  return {
    name: 'app-setups',
    dependsOn: ['deploys'],
    operations: appSetupRoutes,
    register(ctx) {
      const c = ctx.container;
      const plans = new PlanBox(options.secretKey ? new SecretBox(options.secretKey) : null);
      ctx.extend(APP_CLEANUPS).push(async (tx, view) => tx.appSetups.deleteByApp(view.app.id));
      c.register(AppSetupService, { useFactory: instanceCachingFactory((r) => new AppSetupService(r.resolve(UNIT_OF_WORK), c, r.resolve(PLATFORM_CATALOG), plans)) });
      c.register(BlueprintService, { useFactory: instanceCachingFactory((r) => new BlueprintService(r.resolve(UNIT_OF_WORK), c, r.resolve(PLATFORM_CATALOG))) });
      ctx.jobs.register(appSetupHandler(c.resolve(STORE), ctx.uow, c, plans, options.pollMs ? { pollMs: options.pollMs } : {}));
    },
  };
}

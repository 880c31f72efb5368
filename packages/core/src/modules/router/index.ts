import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { instrumentPort } from '../../kernel/instrument.js';
import { STORE } from '../../kernel/store.js';
import { TELEMETRY } from '../../kernel/telemetry.js';
import { TRANSACTIONAL_SUBSCRIBERS, UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { APP_CLEANUPS } from '../foundation/services/apps.js';
import { PLATFORM_CATALOG } from '../foundation/services/catalog.js';
import { RUNTIME_DRIVER } from '../deploys/ports/runtime-driver.js';
import { routeRoutes } from './operations/routes.js';
import { siteRoutes } from './operations/sites.js';
import { ROUTER_DRIVER, type RouterDriver } from './router-driver.js';
import { convergeHostHandler, convergeOnAppEvents, removeAppRoutes, resyncRouter, type ConvergenceOptions } from './services/convergence.js';
import { RouteService } from './services/routes.js';
import { SiteService } from './services/sites.js';
import './events.js';

/** What the router module is configured with. */
export interface RouterOptions extends ConvergenceOptions {
  /** The router that serves apps' default hosts and sites (e.g. `embeddedRouter({ port: 5080 })`). */
  driver: RouterDriver;
}

/**
 * Sites and path routes, and the durable convergence that keeps the RouterDriver serving every app's default host
 * (`{app}-{space}.{apps domain}`) and every site with the web dynos the runtime reports.
 */
export function router(options: RouterOptions): PlatformModule {
  return {
    name: 'router',
    operations: [...siteRoutes, ...routeRoutes],
    register(ctx) {
      const c = ctx.container;
      const catalog = c.resolve(PLATFORM_CATALOG);
      c.register(ROUTER_DRIVER, { useValue: instrumentPort(options.driver, 'router', c.resolve(TELEMETRY)) });
      c.register(SiteService, { useFactory: instanceCachingFactory((r) => new SiteService(r.resolve(UNIT_OF_WORK), r.resolve(PLATFORM_CATALOG))) });
      c.register(RouteService, { useFactory: instanceCachingFactory((r) => new RouteService(r.resolve(UNIT_OF_WORK), r.resolve(PLATFORM_CATALOG))) });
      ctx.extend(TRANSACTIONAL_SUBSCRIBERS).push(convergeOnAppEvents(catalog));
      ctx.extend(APP_CLEANUPS).push(removeAppRoutes());
      const store = c.resolve(STORE);
      const driver = c.resolve(ROUTER_DRIVER);
      ctx.jobs.register(
        convergeHostHandler({ store, driver, catalog, runtime: () => (c.isRegistered(RUNTIME_DRIVER) ? c.resolve(RUNTIME_DRIVER) : undefined), options }),
      );
      ctx.lifecycle.onStart(() => resyncRouter(store, driver, catalog));
    },
  };
}

import type { StoreModule } from '../../store-module.js';
import { Migration0008Router } from './0008-router.js';
import { siteRepo, siteRouteRepo } from './sites.js';

/** The router module's Store part: sites and their routes. */
export const routerStore: StoreModule = {
  name: 'router',
  repositories: { sites: siteRepo, siteRoutes: siteRouteRepo },
  migrations: [{ name: '0008_router', class: Migration0008Router }],
};

import type { StoreModule } from '../../store-module.js';
import { Migration0017AutoBuilds } from './0017-auto-builds.js';
import { autoBuildRepo, previewRepo, sourceDeliveryRepo } from './auto-builds.js';

/** The auto-builds module's Store part: auto build hooks, handled delivery ids and preview apps. */
export const autoBuildsStore: StoreModule = {
  name: 'auto-builds',
  repositories: { autoBuilds: autoBuildRepo, sourceDeliveries: sourceDeliveryRepo, previews: previewRepo },
  migrations: [{ name: '0017_auto_builds', class: Migration0017AutoBuilds }],
};

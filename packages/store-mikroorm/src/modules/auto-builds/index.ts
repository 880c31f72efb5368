import type { StoreModule } from '../../store-module.js';
import { Migration0015AutoBuilds } from './0015-auto-builds.js';
import { autoBuildRepo, previewRepo, sourceDeliveryRepo } from './auto-builds.js';

/** The auto-builds module's Store part: auto build hooks, handled delivery ids and preview apps. */
export const autoBuildsStore: StoreModule = {
  name: 'auto-builds',
  repositories: { autoBuilds: autoBuildRepo, sourceDeliveries: sourceDeliveryRepo, previews: previewRepo },
  migrations: [{ name: '0015_auto_builds', class: Migration0015AutoBuilds }],
};

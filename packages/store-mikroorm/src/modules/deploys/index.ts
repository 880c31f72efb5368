import type { StoreModule } from '../../store-module.js';
import { Migration0003Deploys } from './0003-deploys.js';
import { buildRepo, formationRepo, releaseRepo, slugRepo } from './deploys.js';

/** The deploys module's Store part: builds, slugs, releases and formations. */
export const deploysStore: StoreModule = {
  name: 'deploys',
  repositories: { builds: buildRepo, slugs: slugRepo, releases: releaseRepo, formations: formationRepo },
  migrations: [{ name: '0003_deploys', class: Migration0003Deploys }],
};

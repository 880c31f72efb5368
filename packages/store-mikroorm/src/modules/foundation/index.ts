import type { StoreModule } from '../../store-module.js';
import { Migration0001Initial } from './0001-initial.js';
import { Migration0014AppDescriptionImage } from './0014-app-description-image.js';
import { Migration0015Favorites } from './0015-favorites.js';
import { appRepo } from './apps.js';
import { auditRepo } from './audits.js';
import { configVarRepo } from './config-vars.js';
import { favoriteRepo } from './favorites.js';
import { featureRepo } from './features.js';
import { organizationRepo } from './organizations.js';
import { spaceRepo } from './spaces.js';

/** The foundation's Store part: organizations, spaces, apps, config vars, features, audits and favorites. */
export const foundationStore: StoreModule = {
  name: 'foundation',
  repositories: { organizations: organizationRepo, spaces: spaceRepo, apps: appRepo, configVars: configVarRepo, features: featureRepo, audits: auditRepo, favorites: favoriteRepo },
  migrations: [
    { name: '0001_initial', class: Migration0001Initial },
    { name: '0014_app_description_image', class: Migration0014AppDescriptionImage },
    { name: '0015_favorites', class: Migration0015Favorites },
  ],
};

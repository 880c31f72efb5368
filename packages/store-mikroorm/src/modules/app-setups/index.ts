import type { StoreModule } from '../../store-module.js';
import { Migration0016AppSetups } from './0016-app-setups.js';
import { appSetupRepo } from './app-setups.js';

/** The app-setups module's Store part: setups and their step progress. */
export const appSetupsStore: StoreModule = {
  name: 'app-setups',
  repositories: { appSetups: appSetupRepo },
  migrations: [{ name: '0016_app_setups', class: Migration0016AppSetups }],
};

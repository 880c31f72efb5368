import type { StoreModule } from '../../store-module.js';
import { Migration0014AppSetups } from './0014-app-setups.js';
import { appSetupRepo } from './app-setups.js';

/** The app-setups module's Store part: setups and their step progress. */
export const appSetupsStore: StoreModule = {
  name: 'app-setups',
  repositories: { appSetups: appSetupRepo },
  migrations: [{ name: '0014_app_setups', class: Migration0014AppSetups }],
};

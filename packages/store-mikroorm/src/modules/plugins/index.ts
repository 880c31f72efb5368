import type { StoreModule } from '../../store-module.js';
import { Migration0012Plugins } from './0012-plugins.js';
import { pluginRepo } from './plugins.js';

/** The plugins module's Store part: the CLI plugin registry. */
export const pluginsStore: StoreModule = {
  name: 'plugins',
  repositories: { plugins: pluginRepo },
  migrations: [{ name: '0012_plugins', class: Migration0012Plugins }],
};

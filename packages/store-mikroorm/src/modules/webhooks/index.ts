import type { StoreModule } from '../../store-module.js';
import { Migration0002Webhooks } from './0002-webhooks.js';
import { hookDeliveryRepo, hookRepo } from './hooks.js';

/** The webhooks module's Store part: hooks and their deliveries. */
export const webhooksStore: StoreModule = {
  name: 'webhooks',
  repositories: { hooks: hookRepo, hookDeliveries: hookDeliveryRepo },
  migrations: [{ name: '0002_webhooks', class: Migration0002Webhooks }],
};

import type { StoreModule } from '../../store-module.js';
import { Migration0011LogDrains } from './0011-log-drains.js';
import { logDrainRepo } from './log-drains.js';

/** The log drains module's Store part. */
export const logDrainsStore: StoreModule = {
  name: 'log-drains',
  repositories: { logDrains: logDrainRepo },
  migrations: [{ name: '0011_log_drains', class: Migration0011LogDrains }],
};

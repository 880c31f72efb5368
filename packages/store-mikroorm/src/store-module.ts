import type { MigrationObject } from '@mikro-orm/core';
import type { StoreTx } from '@slipway/core';
import type { Db } from './db.js';

/** Builds one repository of a unit of work over its database handle. */
export type RepositoryFactory<K extends keyof StoreTx = keyof StoreTx> = (db: Db) => StoreTx[K];

/**
 * What this adapter implements of one core module's Store part: its repositories (named as the module names them
 * in `StoreTx`) and its migrations, applied in the order of `storeModules` then of this list.
 */
export interface StoreModule {
  /** The core module (or `kernel`) whose repositories these are. */
  name: string;
  repositories: { [K in keyof StoreTx]?: RepositoryFactory<K> };
  migrations: MigrationObject[];
}

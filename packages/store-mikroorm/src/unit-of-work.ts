import type { StoreTx } from '@slipway/core';
import type { Db } from './db.js';
import { repositoryFactories } from './store-modules.js';

/** The repositories of one unit of work, each built on first use (a single read touches one or two). */
export function unitOfWork(db: Db): StoreTx {
  const tx = {} as StoreTx;
  for (const [name, make] of repositoryFactories) {
    let repo: unknown;
    Object.defineProperty(tx, name, { enumerable: true, get: () => (repo ??= make(db)) });
  }
  return tx;
}

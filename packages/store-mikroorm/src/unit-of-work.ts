import type { StoreTx } from '@slipway/core';
import type { Db } from './db.js';
import { repositoryFactories } from './store-modules.js';

/** Where a unit of work keeps its Db, out of the way of the repositories' names. */
const DB = Symbol('db');

/**
 * The repositories' getters, once for every unit of work: each builds its repository on first use (a single read
 * touches one or two) and keeps it on the unit of work. Defining forty-odd properties per transaction instead was a
 * measurable part of a small request.
 */
const prototype: object = Object.create(
  null,
  Object.fromEntries(
    repositoryFactories.map(([name, make]) => [
      name,
      {
        get(this: { [DB]: Db }) {
          // Kept on the unit of work itself, also when asked through an object derived from it (Object.create), so
          // the unit of work and its derivations share one repository.
          let owner: object = this;
          while (!Object.hasOwn(owner, DB)) owner = Object.getPrototypeOf(owner) as object;
          const repo = make((owner as { [DB]: Db })[DB]);
          Object.defineProperty(owner, name, { value: repo, enumerable: true });
          return repo;
        },
        enumerable: true,
      },
    ]),
  ),
);

/** The repositories of one unit of work over `db`. */
export function unitOfWork(db: Db): StoreTx {
  const tx = Object.create(prototype) as { [DB]: Db };
  tx[DB] = db;
  return tx as unknown as StoreTx;
}

import type { Knex } from '@mikro-orm/knex';
import { toDomainError } from './errors.js';

/** The SQL dialects this adapter speaks. */
export type Dialect = 'sqlite' | 'postgresql';

/** What a repository needs for one unit of work: the dialect and knex bound to its transaction (or the pool). */
export interface Db {
  dialect: Dialect;
  knex: Knex | Knex.Transaction;
}

/** Awaits a query, translating native failures so repositories never leak driver errors. */
export async function run<T>(query: PromiseLike<T>): Promise<T> {
  try {
    return await query;
  } catch (err) {
    throw toDomainError(err);
  }
}

/** Rows an UPDATE or DELETE touched (knex returns a count on both dialects). */
export async function affected(query: PromiseLike<number>): Promise<number> {
  return Number(await run(query));
}

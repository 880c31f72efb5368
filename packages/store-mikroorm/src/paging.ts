import type { Knex } from '@mikro-orm/knex';
import { isUuid, ValidationError, type PageRequest } from '@slipway/core';

/**
 * Applies a PageRequest: `sortable` maps allowed sort fields to columns (the first is the id column,
 * the tie-breaker). Fetches `max + 1` rows so the caller can tell whether another page follows.
 */
export function applyPage<Q extends Knex.QueryBuilder>(qb: Q, page: PageRequest, sortable: Record<string, string>): Q {
  const column = sortable[page.sort];
  if (column === undefined) {
    throw new ValidationError(`cannot sort by ${page.sort}; use ${Object.keys(sortable).join(' or ')}`, 'range');
  }
  const idColumn = Object.values(sortable)[0]!;
  if (page.start !== undefined) {
    if (column === idColumn && !isUuid(page.start)) throw new ValidationError('range start must be an id', 'range');
    const op = page.order === 'desc' ? (page.exclusive ? '<' : '<=') : page.exclusive ? '>' : '>=';
    qb.where(column, op, column === idColumn ? page.start.toLowerCase() : page.start);
  }
  qb.orderBy(column, page.order);
  if (column !== idColumn) qb.orderBy(idColumn, page.order);
  qb.limit(Math.max(0, page.max) + 1);
  return qb;
}

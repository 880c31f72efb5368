/** Which way a list is sorted. */
export type SortOrder = 'asc' | 'desc';

/** A request for one page of a list, in the Heroku `Range` header's terms. */
export interface PageRequest {
  /** The field the list is ordered by (always unique, or tie-broken by id). */
  sort: string;
  /** Start at this value of the sort field; absent = from the beginning. */
  start?: string;
  /** Whether `start` itself is excluded (`]value..`), as in a Next-Range. */
  exclusive: boolean;
  /** Most items to return. */
  max: number;
  order: SortOrder;
}

/** One page of results and, when more remain, the request for the next page. */
export interface Page<T> {
  items: T[];
  next?: PageRequest;
}

/** Hard cap on items per page, whatever the client asks for. */
export const MAX_PAGE = 1000;

/** The page a client gets when it sends no Range header: everything, up to the cap. */
export function defaultPage(sort = 'id'): PageRequest {
  return { sort, exclusive: false, max: MAX_PAGE, order: 'asc' };
}

/**
 * Turns the `max + 1` rows a repository fetched into a page: the extra row only proves that more
 * remain, and the next page starts just after the last row returned.
 */
export function toPage<T>(rows: T[], req: PageRequest, sortValue: (row: T) => string): Page<T> {
  if (rows.length <= req.max) return { items: rows };
  const items = rows.slice(0, req.max);
  return { items, next: { ...req, start: sortValue(items[items.length - 1]!), exclusive: true } };
}

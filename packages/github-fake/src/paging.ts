/** One page of a list and the `Link` header GitHub sends with it. */
export interface Page<T> {
  items: T[];
  /** `<url>; rel="next", ...`, or null when everything fits one page. */
  link: string | null;
}

/**
 * Pages `items` the way GitHub does: `per_page` (default 30, at most 100) and `page` (from 1) query parameters,
 * and a `Link` header with `prev`, `next`, `first` and `last` built on the public URL of the request.
 */
export function paginate<T>(items: T[], url: URL): Page<T> {
  const perPage = Math.min(Math.max(Number.parseInt(url.searchParams.get('per_page') ?? '30', 10) || 30, 1), 100);
  const page = Math.max(Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (last === 1) return { items: slice, link: null };
  const at = (p: number) => {
    const u = new URL(url);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.href}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) rels.push(`${at(page + 1)}; rel="next"`);
  if (page < last) rels.push(`${at(last)}; rel="last"`);
  if (page > 1) rels.push(`${at(1)}; rel="first"`);
  return { items: slice, link: rels.join(', ') };
}

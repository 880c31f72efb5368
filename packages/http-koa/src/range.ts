import { BadRequestError, MAX_PAGE, defaultPage, type PageRequest } from '@slipway/core';

/**
 * Parses a Heroku-style `Range` header: `<field> [<start>|]<start>]..[; max=<n>][, order=asc|desc]`.
 * A leading `]` makes the start exclusive (what Next-Range sends). No header = everything up to the cap.
 */
export function parseRange(header: string | undefined, sorts: readonly string[]): PageRequest {
  if (!header || !header.trim()) return defaultPage(sorts[0]);
  const m = /^\s*([a-z_]+)\s*(?:(\])?([^.;,\s][^;,]*?)?)?\.\.[^;,]*?(?:[;,](.*))?$/i.exec(header);
  if (!m) throw new BadRequestError(`Invalid Range header ${JSON.stringify(header)}; expected e.g. "id ..; max=200"`, 'range');
  const [, field, bracket, start, params] = m;
  if (!sorts.includes(field!)) throw new BadRequestError(`This list sorts by ${sorts.join(' or ')}, not ${field}`, 'range');
  const page: PageRequest = { sort: field!, exclusive: bracket === ']', max: MAX_PAGE, order: 'asc' };
  if (start !== undefined && start.trim() !== '') page.start = start.trim();
  for (const part of (params ?? '').split(/[;,]/)) {
    const p = part.trim();
    if (!p) continue;
    const [k, v] = p.split('=').map((s) => s.trim());
    if (k === 'max') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new BadRequestError('Range max must be a positive integer', 'range');
      page.max = Math.min(n, MAX_PAGE);
    } else if (k === 'order') {
      if (v !== 'asc' && v !== 'desc') throw new BadRequestError('Range order must be asc or desc', 'range');
      page.order = v;
    } else throw new BadRequestError(`Unknown Range parameter ${k}`, 'range');
  }
  return page;
}

/** The Next-Range header value that fetches the page after `next`'s start. */
export function formatRange(next: PageRequest): string {
  return `${next.sort} ]${next.start ?? ''}..; max=${next.max}${next.order === 'desc' ? ', order=desc' : ''}`;
}

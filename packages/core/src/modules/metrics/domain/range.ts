import { ValidationError } from '../../../errors.js';
import type { MetricsRange } from '../../deploys/ports/runtime-metrics.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const WEEK_MS = 7 * 86_400_000;

/** Parses the seed's `resolution` (`1m`, `10m`, `1h` ...; default 10m), `from` (default a week ago) and `to` (default now). */
export function parseMetricsRange(query: { resolution?: string; from?: string; to?: string }, now: Date): MetricsRange {
  const m = /^(\d{1,6})([smhd])$/.exec(query.resolution ?? '10m');
  const resolutionSeconds = m ? Number(m[1]) * UNITS[m[2]!]! : 0;
  if (!m || resolutionSeconds < 1) throw new ValidationError('resolution must be a duration such as 1m, 15m or 1h', 'resolution');
  const instant = (raw: string | undefined, fallback: Date, field: string) => {
    if (raw === undefined) return fallback;
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) throw new ValidationError(`${field} must be an ISO 8601 date`, field);
    return d;
  };
  const to = instant(query.to, now, 'to');
  const from = instant(query.from, new Date(to.getTime() - WEEK_MS), 'from');
  if (from > to) throw new ValidationError('from must not be after to', 'from');
  return { from, to, resolutionSeconds };
}

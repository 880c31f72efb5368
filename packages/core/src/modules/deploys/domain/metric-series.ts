import type { MetricName, MetricSeries, MetricsRange } from '../ports/runtime-metrics.js';

/**
 * The answer of a runtime that keeps no history (Docker's stats, Kubernetes' metrics-server): one sample, the average
 * of the running dynos' current values, under the bucket `now` falls in, and only when that bucket overlaps the
 * range; else empty. Samples may carry only some metrics (metrics-server has no file system or network figures).
 */
export function currentSeries(samples: Array<Partial<Record<MetricName, number>>>, range: MetricsRange, now: Date): MetricSeries {
  const nowS = Math.floor(now.getTime() / 1000);
  const start = nowS - (nowS % range.resolutionSeconds);
  // The current bucket must overlap the asked range (sampling takes a moment, so `to` = "now" may be just behind).
  if (!samples.length || start * 1000 > range.to.getTime() || (start + range.resolutionSeconds) * 1000 <= range.from.getTime()) return {};
  const bucket = String(start);
  const out: MetricSeries = {};
  for (const name of Object.keys(samples[0]!) as MetricName[]) {
    out[name] = { [bucket]: samples.reduce((a, s) => a + (s[name] ?? 0), 0) / samples.length };
  }
  return out;
}

import type { Clock } from './clock.js';
import type { JobBacklog, Store } from './store.js';
import type { MetricDef, Telemetry } from './telemetry.js';

/** Unfinished durable jobs, by kind and state (queued or running). */
export const JOBS_UNFINISHED: MetricDef = {
  name: 'slipway_jobs_unfinished',
  help: 'Unfinished durable jobs (the queue depth), by kind and state (queued or running).',
  labels: ['kind', 'state'],
};

/** Age of the oldest unfinished job of each kind. */
export const JOBS_OLDEST_AGE: MetricDef = {
  name: 'slipway_jobs_oldest_age_seconds',
  help: 'Age of the oldest unfinished durable job of each kind, in seconds since it was enqueued.',
  labels: ['kind'],
};

/**
 * Declares the queue gauges, read from the store when metrics are scraped. Both gauges share one grouped query per
 * scrape (an in-flight read is reused), so a scrape costs one scan of unfinished jobs however many kinds there are.
 */
export function collectJobBacklog(store: Store, telemetry: Telemetry, clock: Clock): void {
  let pending: Promise<JobBacklog[]> | null = null;
  const load = () => (pending ??= store.read((tx) => tx.jobs.backlog()).finally(() => (pending = null)));
  telemetry.gauge(JOBS_UNFINISHED, async () => (await load()).map((b) => ({ labels: { kind: b.kind, state: b.state }, value: b.count })));
  telemetry.gauge(JOBS_OLDEST_AGE, async () => {
    const oldest = new Map<string, number>();
    for (const b of await load()) oldest.set(b.kind, Math.min(oldest.get(b.kind) ?? Infinity, b.oldest_created_at.getTime()));
    const now = clock.now().getTime();
    return [...oldest].map(([kind, at]) => ({ labels: { kind }, value: Math.max(0, (now - at) / 1000) }));
  });
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GaugeSample, HistogramDef, MetricDef, MetricLabels, Telemetry } from '@slipway/core';

/** Options of the Prometheus telemetry. */
export interface PrometheusTelemetryOptions {
  /** Also export prom-client's process metrics (CPU, memory, event-loop lag, GC); default true. */
  processMetrics?: boolean;
}

/**
 * The core Telemetry port over prom-client, with a registry of its own (never prom-client's global one, so two
 * platforms in one process do not mix their series). Pass it to `createPlatform({ telemetry })` and to `serveKoa`.
 */
export class PrometheusTelemetry implements Telemetry {
  /** The registry `/metrics` renders. */
  readonly registry = new Registry();

  constructor(options: PrometheusTelemetryOptions = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  counter(def: MetricDef): (labels: MetricLabels, by?: number) => void {
    const c = this.existing<Counter>(def) ?? new Counter({ name: def.name, help: def.help, labelNames: [...def.labels], registers: [this.registry] });
    return (labels, by = 1) => c.inc(labels, by);
  }

  histogram(def: HistogramDef): (labels: MetricLabels, value: number) => void {
    const h =
      this.existing<Histogram>(def) ??
      new Histogram({ name: def.name, help: def.help, labelNames: [...def.labels], registers: [this.registry], ...(def.buckets ? { buckets: [...def.buckets] } : {}) });
    return (labels, value) => h.observe(labels, value);
  }

  gauge(def: MetricDef, collect: () => Promise<GaugeSample[]>): void {
    new Gauge({
      name: def.name,
      help: def.help,
      labelNames: [...def.labels],
      registers: [this.registry],
      // Read afresh at each scrape; series that vanished (a kind with no job left) must not keep their last value.
      async collect() {
        const samples = await collect();
        this.reset();
        for (const s of samples) this.set(s.labels, s.value);
      },
    });
  }

  /** The text exposition of every series, as `GET /metrics` answers it. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of `metrics()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** A metric declared twice (two modules sharing a definition) is one series family, not a registry error. */
  private existing<M>(def: MetricDef): M | undefined {
    return this.registry.getSingleMetric(def.name) as M | undefined;
  }
}

import type { InjectionToken } from 'tsyringe';

/** Label values of one series, by label name. */
export type MetricLabels = Record<string, string>;

/** A metric core emits into: its name, help text and label names (fixed up front, as Prometheus wants them). */
export interface MetricDef {
  name: string;
  help: string;
  labels: readonly string[];
}

/** A histogram's definition; `buckets` in the observed unit (seconds for latencies). */
export interface HistogramDef extends MetricDef {
  buckets?: readonly number[];
}

/** One value of a gauge read at collection time. */
export interface GaugeSample {
  labels: MetricLabels;
  value: number;
}

/**
 * The telemetry port: counters, histograms and gauges by name and labels. Core emits into it and knows nothing of
 * the backend (http-koa adapts it to prom-client); declaring a metric returns a recorder so each event costs one call.
 */
export interface Telemetry {
  /** Declares a counter; the recorder adds `by` (default 1) to the series of `labels`. */
  counter(def: MetricDef): (labels: MetricLabels, by?: number) => void;
  /** Declares a histogram; the recorder observes one value. */
  histogram(def: HistogramDef): (labels: MetricLabels, value: number) => void;
  /** Declares a gauge whose samples `collect` reads when the metrics are scraped (e.g. by a store query). */
  gauge(def: MetricDef, collect: () => Promise<GaugeSample[]>): void;
}

/** The telemetry of a platform whose host gave none: every recorder does nothing. */
export const noTelemetry: Telemetry = {
  counter: () => () => undefined,
  histogram: () => () => undefined,
  gauge: () => undefined,
};

/** DI token of the platform's Telemetry (`createPlatform({ telemetry })`, none by default). */
export const TELEMETRY: InjectionToken<Telemetry> = Symbol.for('slipway.Telemetry');

/** Latency buckets (seconds) of calls to drivers and receivers: 5 ms to 60 s. */
export const CALL_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

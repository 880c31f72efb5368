import type { AppTarget } from './runtime-driver.js';

/** The metric names `GET /apps/{app}/metrics` answers with, in the seed's order. */
export const METRIC_NAMES = [
  'cpu_system_seconds_total',
  'cpu_usage_seconds_total',
  'cpu_user_seconds_total',
  'fs_io_time_seconds_total',
  'fs_usage_bytes',
  'memory_cache',
  'memory_rss',
  'memory_usage_bytes',
  'memory_working_set_bytes',
  'network_receive_bytes_total',
  'network_receive_errors_total',
  'network_transmit_bytes_total',
  'network_transmit_errors_total',
] as const;

/** One metric's name. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** The window and bucket size metrics are asked for. */
export interface MetricsRange {
  from: Date;
  to: Date;
  /** Bucket width in seconds. */
  resolutionSeconds: number;
}

/** Per metric, samples keyed by the unix epoch second their bucket begins, each the average across the app's dynos. */
export type MetricSeries = Partial<Record<MetricName, Record<string, number>>>;

/**
 * Optional capability of a RuntimeDriver: CPU, memory, file system and network usage of an app's running dynos.
 * A driver without history (Docker) answers one sample at the current bucket when the range includes now.
 */
export interface RuntimeMetrics {
  metrics(target: AppTarget, range: MetricsRange): Promise<MetricSeries>;
}

/** Whether a driver offers `metrics`, since the capability is optional. */
export function hasRuntimeMetrics(driver: unknown): driver is RuntimeMetrics {
  return typeof (driver as Partial<RuntimeMetrics> | null)?.metrics === 'function';
}

import type { Server } from 'node:http';
import type { DrainOptions, DrainReport, GracefulServer } from './shutdown.js';
import type { MetricsAccess } from './telemetry-endpoint.js';

/** The operations settings every host reads the same way: who may scrape `/metrics`, how long `/ready` announces a drain. */
export interface OperationsSettings {
  /** Who may scrape GET /metrics: a scraper token (SLIPWAY_METRICS_TOKEN) or anyone (SLIPWAY_METRICS_PUBLIC=1); unset: the host's default. */
  metricsAccess?: MetricsAccess;
  /** How long `/ready` answers 503 before the listener closes (SLIPWAY_READY_GRACE_MS, default 0). */
  readyGraceMs?: number;
}

/** Reads SLIPWAY_METRICS_TOKEN (wins), SLIPWAY_METRICS_PUBLIC and SLIPWAY_READY_GRACE_MS. */
export function operationsFromEnv(env: NodeJS.ProcessEnv = process.env): OperationsSettings {
  const token = env.SLIPWAY_METRICS_TOKEN?.trim();
  const open = env.SLIPWAY_METRICS_PUBLIC === '1' || env.SLIPWAY_METRICS_PUBLIC === 'true';
  const raw = env.SLIPWAY_READY_GRACE_MS?.trim();
  const grace = raw ? Number(raw) : 0;
  if (!Number.isFinite(grace) || grace < 0) throw new Error(`SLIPWAY_READY_GRACE_MS must be a number of milliseconds, got ${raw}`);
  return {
    ...(token ? { metricsAccess: { token } } : open ? { metricsAccess: 'public' as const } : {}),
    ...(grace ? { readyGraceMs: grace } : {}),
  };
}

/** How long requests in flight may run on during a signal's drain before their connections are cut. */
export const SIGNAL_DRAIN_TIMEOUT_MS = 10_000;

/** What `drainOnSignals` stops. */
export interface SignalDrainTarget {
  /** The tracked server (`gracefulShutdown`), cut at once by a second signal. */
  server: Server;
  graceful: GracefulServer;
  /** Closes what is behind the server (platform, store, runtime) once the drain is done. */
  close(): Promise<void>;
}

/** Options of `drainOnSignals`. */
export interface SignalDrainOptions extends DrainOptions {
  /** Who emits the signals (default `process`; tests pass an EventEmitter). */
  emitter?: NodeJS.EventEmitter;
  /** The signals that start a drain (default SIGINT and SIGTERM). */
  signals?: string[];
  /** Called once the server drained, before `close` (the CLI prints the report). */
  onDrained?: (report: DrainReport) => void;
  /** Called once everything closed, with what the drain did (the CLI exits). */
  onStopped?: (report: DrainReport) => void;
}

/**
 * On the first signal: `/ready` answers 503, the server drains (`announceMs`, then `timeoutMs`), `onDrained` gets the
 * report, then `close` runs and `onStopped` follows. A second signal cuts every remaining connection at once (a log tail would otherwise hold
 * the drain to its timeout). Returns a function that removes the listeners.
 */
export function drainOnSignals(target: SignalDrainTarget, options: SignalDrainOptions = {}): () => void {
  const emitter = options.emitter ?? process;
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  let stopping = false;
  const stop = async () => {
    if (stopping) {
      target.server.closeAllConnections();
      return;
    }
    stopping = true;
    const report = await target.graceful.shutdown({ timeoutMs: options.timeoutMs ?? SIGNAL_DRAIN_TIMEOUT_MS, announceMs: options.announceMs ?? 0 });
    options.onDrained?.(report);
    await target.close();
    options.onStopped?.(report);
  };
  const listener = () => void stop();
  for (const s of signals) emitter.on(s, listener);
  return () => {
    for (const s of signals) emitter.off(s, listener);
  };
}

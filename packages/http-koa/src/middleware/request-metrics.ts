import type { Context, Next } from 'koa';
import type { HistogramDef, Telemetry } from '@slipway/core';
import { clientAborted } from './errors.js';

/** HTTP request durations by method, route template (never the raw path, which would make a series per app) and status. */
export const HTTP_REQUEST_SECONDS: HistogramDef = {
  name: 'slipway_http_request_duration_seconds',
  help: 'Duration of HTTP API requests by method, route template and status (499: the client went away).',
  labels: ['method', 'route', 'status'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
};

/** Times every request into one histogram observation: the only work it adds to the hot path. */
export function requestMetrics(telemetry: Telemetry) {
  const observe = telemetry.histogram(HTTP_REQUEST_SECONDS);
  return async function metrics(ctx: Context, next: Next): Promise<void> {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      const status = clientAborted(ctx) ? '499' : String(ctx.status);
      observe({ method: ctx.method, route: typeof route === 'string' ? route : 'unmatched', status }, (performance.now() - started) / 1000);
    }
  };
}

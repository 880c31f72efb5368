import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { Authenticator } from '@slipway/core';
import { authenticate, tokenOf } from './middleware/auth.js';
import { sendError } from './middleware/errors.js';
import type { PrometheusTelemetry } from './prometheus.js';

/**
 * Who may scrape `/metrics`: `owner` (a token of a principal with the platform `owner` role; the default),
 * `public` (no token: only where the network already keeps strangers out), or `{ token }`, a bearer token for the
 * scraper alone, so Prometheus holds no token that could change anything.
 */
export type MetricsAccess = 'owner' | 'public' | { token: string };

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** GET /metrics: the Prometheus text exposition, behind the chosen access rule. */
export function telemetryEndpoint(telemetry: PrometheusTelemetry, access: MetricsAccess, auth: Authenticator) {
  return async function metrics(ctx: Context): Promise<void> {
    if (typeof access === 'object') {
      const token = tokenOf(ctx.get('authorization'));
      if (!token || !sameToken(token, access.token)) {
        ctx.set('WWW-Authenticate', 'Bearer');
        return sendError(ctx, 401, 'unauthorized', 'The metrics token is required.');
      }
    } else if (access === 'owner') {
      const principal = await authenticate(ctx, auth);
      if (!principal.roles.includes('owner')) return sendError(ctx, 403, 'forbidden', 'Only the platform owner may read the metrics.');
    }
    ctx.set('Content-Type', telemetry.contentType);
    ctx.body = await telemetry.metrics();
  };
}

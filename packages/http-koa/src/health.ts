import type { Server } from 'node:http';
import type Koa from 'koa';
import type { Context } from 'koa';
import { z } from 'zod';
import { route, type Store } from '@slipway/core';

/** GET /health, GET /ready and GET /openapi.json, served without a token (mounted directly; declared for the document). */
export const healthRoutes = [
  route({ method: 'get', path: '/health', summary: 'Liveness: the process answers', tag: 'Meta', public: true, response: z.object({ status: z.string() }), handler: () => ({ status: 'ok' }) }),
  route({
    method: 'get',
    path: '/ready',
    summary: 'Readiness: the store answers and the server is not draining (503 otherwise)',
    tag: 'Meta',
    public: true,
    response: z.object({ status: z.string(), store: z.string(), draining: z.boolean() }),
    handler: () => ({ status: 'ready', store: 'ok', draining: false }),
  }),
  route({ method: 'get', path: '/openapi.json', summary: 'This OpenAPI 3.1 document', tag: 'Meta', public: true, response: z.looseObject({ openapi: z.string() }), handler: () => ({}) }),
];

/** Apps whose server began a graceful shutdown: their `/ready` answers 503 from then on. */
const draining = new WeakSet<Koa>();

/** Marks an app as draining (its `/ready` answers 503 from now on); `serveKoa` does it when its server starts draining. */
export function markDraining(app: Koa): void {
  draining.add(app);
}

/** Marks `app` draining once `server` starts a graceful shutdown (`gracefulShutdown` emits `draining` on the server). */
export function drainWith(app: Koa, server: Server): void {
  server.once('draining', () => markDraining(app));
}

/** How long the readiness probe waits for the store before answering 503. */
const READY_TIMEOUT_MS = 2000;

/** An id no job has: the readiness probe's read is one indexed lookup that finds nothing. */
const PROBE_ID = '00000000-0000-4000-8000-000000000000';

/**
 * GET /ready: 200 while the store answers a cheap query and the server takes traffic; 503 while draining (so a load
 * balancer stops sending before the listener closes) or when the store fails. `/health` stays a pure liveness check:
 * a store outage must not get the controller restarted, only taken out of rotation.
 */
export function readiness(store: Store) {
  return async function ready(ctx: Context): Promise<void> {
    if (draining.has(ctx.app)) {
      ctx.status = 503;
      ctx.body = { status: 'draining', store: 'unchecked', draining: true };
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      // A database that hangs (unreachable, pool exhausted) must fail the probe, not hold it past the prober's timeout.
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('store check timed out')), READY_TIMEOUT_MS);
      });
      await Promise.race([store.read((tx) => tx.jobs.get(PROBE_ID)), late]);
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable', store: 'failing', draining: false };
      return;
    } finally {
      clearTimeout(timer);
    }
    ctx.body = { status: 'ready', store: 'ok', draining: false };
  };
}

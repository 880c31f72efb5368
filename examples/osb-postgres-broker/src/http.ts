import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import type { PostgresBroker, Query, Reply } from './broker.js';

/** Lowest X-Broker-API-Version accepted: 2.14 brought asynchronous bindings, which this broker uses. */
export const MIN_API_MINOR = 14;

/** Options of the HTTP layer. */
export interface HttpOptions {
  username: string;
  password: string;
  /** One line per request (method, path, status, request id): never bodies, so never credentials. */
  log: (line: string) => void;
  /** Aborted on shutdown, so stalled (failure-injected) answers end promptly. */
  shutdown: AbortSignal;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** The Koa app serving the OSB v2 routes with Basic auth and the API version check. */
export function createHttpApp(broker: PostgresBroker, options: HttpOptions): Koa {
  const app = new Koa();
  const expected = digest(`${options.username}:${options.password}`);

  app.use(async (ctx, next) => {
    const requestId = ctx.get('X-Broker-API-Request-Identity') || randomUUID();
    ctx.set('X-Broker-API-Request-Identity', requestId);
    try {
      await next();
    } catch (err) {
      const e = err as { status?: number; expose?: boolean; message?: string };
      if (e.status && e.status >= 400 && e.status < 500 && e.expose) {
        ctx.status = e.status;
        ctx.body = { description: e.message };
      } else {
        options.log(`error ${ctx.method} ${ctx.path} req=${requestId}: ${e.message ?? String(err)}`);
        ctx.status = 500;
        ctx.body = { description: 'Internal broker error.' };
      }
    }
    options.log(`${ctx.method} ${ctx.path} ${ctx.status} req=${requestId}`);
  });

  app.use(async (ctx, next) => {
    const header = ctx.get('Authorization');
    const match = /^Basic\s+(.+)$/i.exec(header);
    const given = match ? digest(Buffer.from(match[1]!, 'base64').toString('utf8')) : null;
    if (!given || !timingSafeEqual(given, expected)) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Basic realm="osb-postgres-broker"');
      ctx.body = { description: 'Unauthorized.' };
      return;
    }
    await next();
  });

  app.use(async (ctx, next) => {
    const m = /^(\d+)\.(\d+)$/.exec(ctx.get('X-Broker-API-Version'));
    if (!m || Number(m[1]) !== 2 || Number(m[2]) < MIN_API_MINOR) {
      ctx.status = 412;
      ctx.body = { description: `This broker requires X-Broker-API-Version 2.${MIN_API_MINOR} or newer (2.x).` };
      return;
    }
    await next();
  });

  app.use(
    bodyParser({
      enableTypes: ['json'],
      detectJSON: () => true,
      jsonLimit: '1mb',
      onError: (_err, ctx) => ctx.throw(400, 'The request body is not valid JSON.'),
    }),
  );

  const router = new Router({ prefix: '/v2' });
  const send = async (ctx: Koa.Context, reply: Reply) => {
    if (reply.stallMs) await sleep(reply.stallMs, undefined, { signal: options.shutdown }).catch(() => undefined);
    ctx.status = reply.status;
    if (reply.retryAfter !== undefined) ctx.set('Retry-After', String(reply.retryAfter));
    if (reply.raw !== undefined) {
      ctx.type = 'application/json';
      ctx.body = reply.raw;
    } else {
      ctx.body = reply.body ?? {};
    }
  };
  const body = (ctx: Koa.Context): Record<string, unknown> => {
    const b = ctx.request.body;
    if (b === null || typeof b !== 'object' || Array.isArray(b)) ctx.throw(400, 'The request body must be a JSON object.');
    return b as Record<string, unknown>;
  };
  const query = (ctx: Koa.Context): Query => {
    const q: Query = {};
    for (const [k, v] of Object.entries(ctx.query)) q[k] = Array.isArray(v) ? v[0] : v;
    return q;
  };
  const incomplete = (ctx: Koa.Context) => ctx.query.accepts_incomplete === 'true';

  router.get('/catalog', (ctx) => send(ctx, broker.catalog()));
  router.put('/service_instances/:iid', async (ctx) =>
    send(ctx, await broker.provision(ctx.params.iid!, body(ctx), incomplete(ctx))),
  );
  router.patch('/service_instances/:iid', async (ctx) => send(ctx, await broker.update(ctx.params.iid!, body(ctx), incomplete(ctx))));
  router.delete('/service_instances/:iid', async (ctx) =>
    send(ctx, await broker.deprovision(ctx.params.iid!, query(ctx), incomplete(ctx))),
  );
  router.get('/service_instances/:iid/last_operation', async (ctx) =>
    send(ctx, await broker.instanceLastOperation(ctx.params.iid!, query(ctx))),
  );
  router.put('/service_instances/:iid/service_bindings/:bid', async (ctx) =>
    send(ctx, await broker.bind(ctx.params.iid!, ctx.params.bid!, body(ctx), incomplete(ctx))),
  );
  router.get('/service_instances/:iid/service_bindings/:bid', async (ctx) =>
    send(ctx, await broker.fetchBinding(ctx.params.iid!, ctx.params.bid!)),
  );
  router.delete('/service_instances/:iid/service_bindings/:bid', async (ctx) =>
    send(ctx, await broker.unbind(ctx.params.iid!, ctx.params.bid!, query(ctx), incomplete(ctx))),
  );
  router.get('/service_instances/:iid/service_bindings/:bid/last_operation', async (ctx) =>
    send(ctx, await broker.bindingLastOperation(ctx.params.iid!, ctx.params.bid!, query(ctx))),
  );

  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

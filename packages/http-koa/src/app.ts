import type { Server } from 'node:http';
import Koa, { type Context } from 'koa';
import Router from '@koa/router';
import type { Logger } from 'pino';
import { Readable } from 'node:stream';
import { AUTHENTICATOR, ValidationError, assertStorableStrings, authorizeOperation, type Authenticator, type Platform, type RouteDef } from '@slipway/core';
import { authenticate } from './middleware/auth.js';
import { readJson } from './middleware/body.js';
import { errorMiddleware } from './middleware/errors.js';
import { requestId } from './middleware/request-id.js';
import { createLogger } from './logger.js';
import { openApiDocument } from './openapi.js';
import { formatRange, parseRange } from './range.js';
import { healthRoutes } from './health.js';

/** Options of the koa adapter. */
export interface KoaOptions {
  /** Structured logger; a redacting pino logger by default. */
  logger?: Logger;
  /** Operations beyond the platform's modules' (a host's own), served and documented like theirs. */
  routes?: RouteDef[];
  /** Log one line per request (default true). */
  accessLog?: boolean;
}

const BODY_METHODS = new Set(['post', 'patch', 'put']);

/**
 * The router leaves a parameter raw when its percent-encoding is not UTF-8 (`%ED%A0%80`, a lone surrogate): such a
 * value still decodes badly, and it is refused as the parameter it is instead of reaching a service as `%ED...`.
 */
function assertDecodedParams(params: Record<string, string>): void {
  for (const [name, value] of Object.entries(params)) {
    if (!/%[0-9A-Fa-f]{2}/.test(value)) continue;
    try {
      decodeURIComponent(value);
    } catch {
      throw new ValidationError(`${name} is not valid percent-encoded UTF-8.`, name);
    }
  }
}

/** Mounts one route definition on the router: auth (unless public), body/query validation, pagination and status. */
function mount(router: Router, def: RouteDef, auth: Authenticator): void {
  const paths = Array.isArray(def.path) ? def.path : [def.path];
  const handler = async (ctx: Context) => {
    if (!def.public) ctx.state.principal = await authenticate(ctx, auth);
    // Once for every operation, before any schema or store: strings no store can hold are a 422 naming the field.
    assertDecodedParams(ctx.params as Record<string, string>);
    assertStorableStrings(ctx.params);
    assertStorableStrings(ctx.query);
    const raw = BODY_METHODS.has(def.method) ? await readJson(ctx) : undefined;
    assertStorableStrings(raw);
    const scope = ctx.state.platform.container as Platform['container'];
    // Before validation: a caller refused the operation gets its 403, not hints about what a valid body is.
    const loaded = def.public ? {} : await authorizeOperation(scope, def, { params: ctx.params as Record<string, string>, body: raw, principal: ctx.state.principal });
    const body = def.body ? def.body.parse(raw) : raw;
    const query = def.query ? def.query.parse(ctx.query) : ctx.query;
    const page = parseRange(def.list ? ctx.get('range') : undefined, def.list ?? ['id']);
    // Made on first use: only streaming handlers read the signal, and an eager one per request cost a controller,
    // a listener and a DOMException (abort() on every normal close). A signal asked for after the request closed
    // is aborted at once, as the eager listener would have left it.
    let abort: AbortController | undefined;
    const signal = (): AbortSignal => {
      if (!abort) {
        abort = new AbortController();
        const ac = abort;
        if (ctx.req.closed || ctx.req.destroyed) ac.abort();
        else ctx.req.once('close', () => ac.abort());
      }
      return abort.signal;
    };
    const result = await def.handler({
      params: ctx.params as Record<string, string>,
      body,
      query,
      principal: ctx.state.principal,
      page,
      resolve: (token) => scope.resolve(token),
      request: {
        baseUrl: `${ctx.protocol}://${ctx.host}`,
        get signal() {
          return signal();
        },
        headers: ctx.headers as Record<string, string | undefined>,
      },
      ...loaded,
    });
    if (def.stream) {
      ctx.status = def.status ?? 200;
      ctx.type = def.stream;
      ctx.set('Cache-Control', 'no-cache');
      ctx.set('X-Accel-Buffering', 'no');
      ctx.body = Readable.from(result as AsyncIterable<string>);
      return;
    }
    if (def.list) {
      const p = result as { items: unknown[]; next?: Parameters<typeof formatRange>[0] };
      ctx.status = p.next ? 206 : (def.status ?? 200);
      if (p.next) ctx.set('Next-Range', formatRange(p.next));
      ctx.body = p.items;
    } else {
      ctx.status = def.status ?? 200;
      // 204/205 carry no body by definition; everything else answers JSON, `{}` when the handler returns nothing.
      if (ctx.status !== 204 && ctx.status !== 205) ctx.body = result ?? {};
    }
  };
  for (const p of paths) router[def.method](p, handler);
}

/** Builds the koa application serving the Platform Apps API for a composed platform. */
export function createKoaApp(platform: Platform, options: KoaOptions = {}): Koa {
  const log = options.logger ?? createLogger();
  const routes: RouteDef[] = [...platform.operations, ...(options.routes ?? [])];
  const document = openApiDocument([...healthRoutes, ...routes], { title: 'Slipway Platform Apps API', version: '0.1.0' });
  const app = new Koa({ proxy: false });
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/openapi.json', (ctx) => {
    ctx.body = document;
  });
  const auth = platform.container.resolve(AUTHENTICATOR);
  for (const def of routes) mount(router, def, auth);
  app.use(requestId);
  if (options.accessLog !== false) {
    app.use(async (ctx, next) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        log.info({ requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) }, 'request');
      }
    });
  }
  app.use(errorMiddleware(log));
  app.use(async (ctx, next) => {
    ctx.state.platform = platform;
    await next();
  });
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: false }));
  return app;
}

/** Starts an HTTP server for the platform and resolves once it listens. */
export async function serveKoa(platform: Platform, options: KoaOptions & { port?: number; host?: string } = {}): Promise<Server> {
  const app = createKoaApp(platform, options);
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port ?? 5000, options.host, () => resolve(server));
    server.once('error', reject);
  });
}

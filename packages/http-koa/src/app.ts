import type { Server } from 'node:http';
import Koa, { type Context } from 'koa';
import type { Logger } from 'pino';
import { Readable } from 'node:stream';
import { AUTHENTICATOR, TELEMETRY, ValidationError, assertStorableStrings, authorizeOperation, type Authenticator, type MetricDef, type Platform, type RouteDef } from '@slipway/core';
import { authenticate } from './middleware/auth.js';
import { readJson, readRaw } from './middleware/body.js';
import { CLIENT_CLOSED_REQUEST, clientAborted, errorMiddleware } from './middleware/errors.js';
import { requestId } from './middleware/request-id.js';
import { createLogger } from './logger.js';
import { openApiDocument, type OperationExample } from './openapi.js';
import { SEED_EXAMPLES } from './seed-examples.js';
import { formatRange, parseRange } from './range.js';
import { drainWith, healthRoutes, readiness } from './health.js';
import { requestMetrics } from './middleware/request-metrics.js';
import { PrometheusTelemetry } from './prometheus.js';
import { telemetryEndpoint, type MetricsAccess } from './telemetry-endpoint.js';
import { responseCheck, type ResponseCheck } from './response-check.js';
import { ResponseCache, type CacheResult } from './response-cache.js';
import { groupedRoutes, type GroupedRoute } from './route-groups.js';

/** Options of the koa adapter. */
export interface KoaOptions {
  /** Structured logger; a redacting pino logger by default. */
  logger?: Logger;
  /** Operations beyond the platform's modules' (a host's own), served and documented like theirs. */
  routes?: RouteDef[];
  /** Log one line per request (default true). */
  accessLog?: boolean;
  /**
   * Serves `GET /metrics` from this registry and times every request into it. Default: the platform's TELEMETRY when
   * it is a PrometheusTelemetry (pass it to `createPlatform({ telemetry })` once); otherwise there is no `/metrics`.
   */
  telemetry?: PrometheusTelemetry;
  /** Who may scrape `/metrics` (default `owner`: a platform owner's token). */
  metricsAccess?: MetricsAccess;
  /**
   * Check every 2xx JSON body against its operation's response schema, answering a mismatch with a 500 naming the
   * zod issues (and logging it): tests turn it on so the document cannot drift from what the server sends.
   */
  checkResponses?: boolean;
  /** Example bodies by operation id beyond the built-in ones (for a host's own routes), shown in /openapi.json. */
  examples?: Record<string, OperationExample>;
  /**
   * Answers the routes marked `cache: true` again from memory until the store's data version changes (default true
   * when the store publishes one, `Store.changes`). With ETags: a client sending `If-None-Match` gets a 304.
   */
  responseCache?: boolean;
}

/** Counts cacheable requests by how they were met. */
const RESPONSE_CACHE_TOTAL: MetricDef = {
  name: 'slipway_http_response_cache_total',
  help: 'Requests to cacheable routes, by whether they were answered from memory (hit) or by the route (miss).',
  labels: ['result'],
};

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

/** The koa handler of one route definition: auth (unless public), body/query validation, pagination and status. */
function routeHandler(def: RouteDef, auth: Authenticator, check: ResponseCheck | null, cache: ResponseCache | null): (ctx: Context) => Promise<void> {
  const cached = def.cache && def.method === 'get' ? cache : null;
  const handler = async (ctx: Context) => {
    if (!def.public) ctx.state.principal = await authenticate(ctx, auth);
    // After authentication, so a refused token is refused whatever was remembered for it.
    const lookup = cached ? await cached.begin(ctx) : null;
    if (lookup?.answered) return;
    // Once for every operation, before any schema or store: strings no store can hold are a 422 naming the field.
    assertDecodedParams(ctx.params as Record<string, string>);
    assertStorableStrings(ctx.params);
    assertStorableStrings(ctx.query);
    const raw = def.rawBody ? await readRaw(ctx, def.rawBody.maxBytes) : BODY_METHODS.has(def.method) ? await readJson(ctx) : undefined;
    if (!def.rawBody) assertStorableStrings(raw);
    const scope = ctx.state.platform.container as Platform['container'];
    // Before validation: a caller refused the operation gets its 403, not hints about what a valid body is.
    const loaded = def.public ? {} : await authorizeOperation(scope, def, { params: ctx.params as Record<string, string>, body: raw, principal: ctx.state.principal });
    const body = def.body && !def.rawBody ? def.body.parse(raw) : raw;
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
      check?.(ctx, def);
    } else {
      ctx.status = def.status ?? 200;
      // 204/205 carry no body by definition; everything else answers JSON, `{}` when the handler returns nothing.
      if (ctx.status !== 204 && ctx.status !== 205) {
        ctx.body = result ?? {};
        check?.(ctx, def);
      }
    }
    if (lookup?.keep) cached!.remember(ctx, lookup.keep);
  };
  return handler;
}

/** The response cache's counter in the registry. */
function counted(telemetry: PrometheusTelemetry): (result: CacheResult) => void {
  const add = telemetry.counter(RESPONSE_CACHE_TOTAL);
  return (result) => add({ result });
}

/**
 * Orders two paths so that, at the first segment where they differ, a literal comes before a parameter: the router
 * runs the first match, so `/apps/:app/builds/auto` must be tried before `/apps/:app/builds/:build`.
 */
function bySpecificity(a: string, b: string): number {
  const sa = a.split('/');
  const sb = b.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const pa = sa[i]!.startsWith(':');
    const pb = sb[i]!.startsWith(':');
    if (pa && pb) continue;
    if (pa !== pb) return pa ? 1 : -1;
    // Two different literals never match the same request: any consistent order will do.
    if (sa[i] !== sb[i]) return sa[i]! < sb[i]! ? -1 : 1;
  }
  return sa.length - sb.length;
}

/** Builds the koa application serving the Platform Apps API for a composed platform. */
export function createKoaApp(platform: Platform, options: KoaOptions = {}): Koa {
  const log = options.logger ?? createLogger();
  const routes: RouteDef[] = [...platform.operations, ...(options.routes ?? [])];
  // Built on the first request for it, not at start-up: converting every schema takes a few hundred ms and holds
  // megabytes that a controller nobody asks for its document never needs. The routes are fixed by now.
  let document: ReturnType<typeof openApiDocument> | undefined;
  const examples = { ...SEED_EXAMPLES, ...options.examples };
  const app = new Koa({ proxy: false });
  // What escapes the error middleware reaches koa's `error` event: a socket the client closed mid-request (a parse
  // error at its end, a reset) is the client's doing, already in the access log as 499, so it is only a debug line;
  // anything else is a real error. Without a listener koa would print both to stderr.
  app.on('error', (err: NodeJS.ErrnoException, ctx?: Context) => {
    const aborted = (ctx && clientAborted(ctx)) || err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code?.startsWith('HPE_');
    const fields = { requestId: ctx?.state.requestId, method: ctx?.method, path: ctx?.path, error: err.message, code: err.code };
    if (aborted) log.debug(fields, 'client connection ended mid-request');
    else log.error({ ...fields, err }, 'unhandled error');
  });
  // Every route in match order: health, readiness, the document and metrics first, then the operations, most specific first.
  const served: GroupedRoute[] = [];
  const get = (path: string, handler: (ctx: Context) => unknown) => served.push({ path, add: (r) => void r.get(path, handler) });
  get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  get('/ready', readiness(platform.store));
  get('/openapi.json', (ctx) => {
    document ??= openApiDocument([...healthRoutes, ...routes], { title: 'Slipway Platform Apps API', version: '0.1.0', examples });
    ctx.body = document;
  });
  const auth = platform.container.resolve(AUTHENTICATOR);
  const registered = platform.container.isRegistered(TELEMETRY) ? platform.container.resolve(TELEMETRY) : undefined;
  const telemetry = options.telemetry ?? (registered instanceof PrometheusTelemetry ? registered : undefined);
  if (telemetry) get('/metrics', telemetryEndpoint(telemetry, options.metricsAccess ?? 'owner', auth));
  const check = options.checkResponses ? responseCheck(log) : null;
  const mounts = routes.flatMap((def) => (Array.isArray(def.path) ? def.path : [def.path]).map((path) => ({ def, path })));
  // A stable sort: routes keep their declared order except where a literal segment must win over a parameter.
  mounts.sort((x, y) => bySpecificity(x.path, y.path));
  const changes = platform.store.changes;
  const cache = changes && options.responseCache !== false ? new ResponseCache(changes, telemetry && counted(telemetry)) : null;
  for (const { def, path } of mounts) {
    const handler = routeHandler(def, auth, check, cache);
    served.push({ path, add: (r) => void r[def.method](path, handler) });
  }
  app.use(requestId);
  if (telemetry) app.use(requestMetrics(telemetry));
  if (options.accessLog !== false) {
    app.use(async (ctx, next) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        const status = clientAborted(ctx) ? CLIENT_CLOSED_REQUEST : ctx.status;
        log.info({ requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, status, ms: Math.round(performance.now() - started) }, 'request');
      }
    });
  }
  app.use(errorMiddleware(log));
  app.use(async (ctx, next) => {
    ctx.state.platform = platform;
    await next();
  });
  app.use(groupedRoutes(served));
  return app;
}

/** Starts an HTTP server for the platform and resolves once it listens. */
export async function serveKoa(platform: Platform, options: KoaOptions & { port?: number; host?: string } = {}): Promise<Server> {
  const app = createKoaApp(platform, options);
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port ?? 5000, options.host, () => resolve(server));
    // `/ready` answers 503 once a graceful shutdown of this server begins.
    drainWith(app, server);
    server.once('error', reject);
  });
}

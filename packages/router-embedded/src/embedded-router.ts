import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { PassThrough, type Duplex } from 'node:stream';
import type { HostSpec, RouterCertificate, RouterDriver } from '@slipway/core';
import { createProxyServer } from 'http-proxy-3';
import { ChallengeStore } from './acme-challenges.js';
import { BackendPool, pickBackend, type Backend } from './backend-pool.js';
import { sendAnswer, sendAnswerOnSocket, type PageOverrides, type RouterAnswer } from './error-pages.js';
import { toDomainError } from './domain-errors.js';
import { requestId, setForwardedHeaders } from './forwarded-headers.js';
import { requestHost } from './host-names.js';
import { rewritePath, splitUrl } from './path-routes.js';
import { refusedConnection, retryable } from './retry-policy.js';
import { RouteTable, checkHostName, type CompiledRoute } from './route-table.js';
import { SniCertificates } from './sni-certificates.js';

/** Options of `embeddedRouter`. */
export interface EmbeddedRouterOptions {
  /** HTTP port to listen on (0 picks a free one; read it from `listening()`). */
  port: number;
  /** Address to listen on; all interfaces when omitted. */
  host?: string;
  /** HTTPS port (TLS with SNI from installed certificates); no HTTPS listener when omitted. */
  tlsPort?: number;
  /** A backend that sends no byte for this long gets the request answered with 504 (default 60 000). */
  upstreamTimeoutMs?: number;
  /** Extra attempts on other backends after a connect failure (default 2, so up to 3 backends per request). */
  retries?: number;
  /** How long a backend that refused a connection is tried only after the others (default 2 000). */
  ejectMs?: number;
  /** Connections per backend at most; more requests queue (default 256). */
  maxSocketsPerBackend?: number;
  /** Idle keep-alive sockets to backends close after this long (default 4 000, below Node's 5 s server default). */
  idleSocketMs?: number;
  /** Keep `X-Forwarded-*` from clients (only behind another proxy you trust); default false: they are replaced. */
  trustForwardedHeaders?: boolean;
  /** HTML in place of the built-in pages (maintenance, no_backend, not_found ...). */
  pages?: PageOverrides;
  /** On `close`, connections still busy after this long are cut (default 10 000). */
  closeGraceMs?: number;
  /** Told about every failed attempt on a backend (for logs and metrics); never given request headers or bodies. */
  onUpstreamError?: (event: UpstreamErrorEvent) => void;
}

/** A failed attempt to reach a backend. */
export interface UpstreamErrorEvent {
  host: string;
  backend_id: string;
  backend_url: string;
  code: string | undefined;
  /** True when the request went on to another backend. */
  retried: boolean;
  request_id: string;
}

/** Where the router's listeners ended up (ports resolved when 0 was asked for). */
export interface RouterAddresses {
  http: AddressInfo;
  https: AddressInfo | null;
}

/** The embedded router: a RouterDriver that is itself the proxy, plus what a host app needs to run it. */
export interface EmbeddedRouter extends RouterDriver {
  /** Resolves once every listener is bound; rejects with ConflictError (port in use) or DriverUnavailableError. */
  listening(): Promise<RouterAddresses>;
  /** Backends the router holds connections for (routed or still draining), for diagnostics and tests. */
  backends(): Array<{ id: string; url: string; inflight: number; draining: boolean }>;
}

/** One try of a request on one backend: what the retry decision needs to know about it. */
interface Attempt {
  backend: Backend;
  release: () => void;
  hasBody: boolean;
  gate: PassThrough | undefined;
  connected: boolean;
  reusedSocket: boolean;
  bodyConsumed: boolean;
  responseStarted: boolean;
  timedOut: boolean;
  settled: boolean;
}

/** One client request through the router, across its attempts. */
interface Exchange {
  host: string;
  route: CompiledRoute;
  id: string;
  tried: Set<Backend>;
  /** Every failure so far was a refused connection: then "no backend ready" (503) describes it best. */
  allRefused: boolean;
}

// A request with neither length nor chunked encoding has no body (RFC 9112 6.3), so it can be replayed freely.
function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (len !== undefined && len !== '0');
}

function listen(server: Server, port: number, host: string | undefined): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(toDomainError(err, `listen on port ${port}`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * A RouterDriver for Docker hosts that is itself the reverse proxy (http-proxy-3): it starts listening at once on
 * `port` (and `tlsPort`), routes by Host and longest path prefix to the backends of each converge, retries connect
 * failures on another backend, drains removed backends, serves TLS by SNI and answers ACME http-01 challenges.
 */
export function embeddedRouter(options: EmbeddedRouterOptions): EmbeddedRouter {
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? 60_000;
  const maxAttempts = 1 + (options.retries ?? 2);
  const ejectMs = options.ejectMs ?? 2_000;
  const pages = options.pages ?? {};
  const trustForwarded = options.trustForwardedHeaders ?? false;
  const pool = new BackendPool({ maxSockets: options.maxSocketsPerBackend ?? 256, idleSocketMs: options.idleSocketMs ?? 4_000 });
  const table = new RouteTable(pool);
  const certs = new SniCertificates();
  const challenges = new ChallengeStore();
  const upgraded = new Set<Duplex>();
  const attempts = new WeakMap<IncomingMessage, Attempt>();

  const proxy = createProxyServer({ proxyTimeout: upstreamTimeoutMs, xfwd: false, changeOrigin: false });
  // Errors reach each call's callback; this listener keeps http-proxy-3 from rethrowing stray ones (client sockets).
  proxy.on('error', () => undefined);
  proxy.on('proxyReq', (proxyReq, req, _res, _opts, socket) => {
    const attempt = attempts.get(req);
    if (!attempt) return;
    attempt.reusedSocket = proxyReq.reusedSocket;
    proxyReq.once('timeout', () => (attempt.timedOut = true));
    const open = () => {
      attempt.connected = true;
      // The body flows only once the backend accepted the connection, so a refused attempt leaves it unread.
      if (attempt.hasBody && attempt.gate) {
        attempt.bodyConsumed = true;
        req.pipe(attempt.gate);
      }
    };
    if (socket.connecting) socket.once('connect', open);
    else open();
  });
  proxy.on('proxyRes', (proxyRes, req, res) => {
    const attempt = attempts.get(req);
    if (attempt) attempt.responseStarted = true;
    // A dyno dying mid-body must cut the client's response, not leave it hanging.
    proxyRes.once('error', () => res.destroy());
    proxyRes.once('aborted', () => res.destroy());
  });

  const answer = (req: IncomingMessage, res: ServerResponse, what: RouterAnswer, id: string) => sendAnswer(req, res, what, id, pages);

  function attempt(req: IncomingMessage, res: ServerResponse, ex: Exchange): void {
    const backend = pickBackend(ex.route.backends, ex.route.cursor, ex.tried, Date.now());
    if (!backend) return answer(req, res, ex.tried.size === 0 || ex.allRefused ? 'no_backend' : 'bad_gateway', ex.id);
    ex.tried.add(backend);
    const body = hasBody(req);
    // `Expect: 100-continue` requests skip the gate: http-proxy-3 hands them to the backend directly.
    const expect = req.headers.expect !== undefined;
    const gate = expect ? undefined : new PassThrough();
    if (gate && !body) gate.end();
    const a: Attempt = {
      backend,
      release: pool.begin(backend),
      hasBody: body,
      gate,
      connected: false,
      reusedSocket: false,
      bodyConsumed: expect && body,
      responseStarted: false,
      timedOut: false,
      settled: false,
    };
    attempts.set(req, a);
    res.once('close', a.release);
    proxy.web(req, res, { target: backend.target, agent: backend.agent, buffer: gate }, (err) => onAttemptError(err as NodeJS.ErrnoException, req, res, ex, a));
  }

  function onAttemptError(err: NodeJS.ErrnoException, req: IncomingMessage, res: ServerResponse, ex: Exchange, a: Attempt): void {
    // Stale callbacks (an earlier attempt's request-error listener) and repeats are ignored.
    if (a.settled || attempts.get(req) !== a) return;
    a.settled = true;
    a.release();
    const failed = {
      code: err.code,
      connected: a.connected,
      reusedSocket: a.reusedSocket,
      bodyConsumed: a.bodyConsumed,
      responseStarted: a.responseStarted || res.headersSent,
      timedOut: a.timedOut,
      method: req.method ?? 'GET',
    };
    const refused = refusedConnection(failed);
    if (refused) a.backend.downUntil = Date.now() + ejectMs;
    else ex.allRefused = false;
    const again = !res.destroyed && retryable(failed) && ex.tried.size < maxAttempts;
    options.onUpstreamError?.({ host: ex.host, backend_id: a.backend.id, backend_url: a.backend.url, code: err.code, retried: again, request_id: ex.id });
    if (res.destroyed) return;
    if (again) return attempt(req, res, ex);
    if (failed.responseStarted) return void res.destroy();
    answer(req, res, a.timedOut ? 'gateway_timeout' : ex.allRefused ? 'no_backend' : 'bad_gateway', ex.id);
  }

  /** Resolves the route of a request, or the answer the router gives itself. */
  function resolve(req: IncomingMessage, id: string): { route: CompiledRoute; host: string; path: string; query: string } | RouterAnswer {
    const url = req.url ?? '/';
    if (!url.startsWith('/')) return 'bad_request';
    const host = requestHost(req.headers.host);
    if (!host) return 'not_found';
    const { path, query } = splitUrl(url);
    const route = table.match(host, path);
    if (!route) return 'not_found';
    if (route.target.maintenance) return 'maintenance';
    if (route.backends.length === 0) return 'no_backend';
    setForwardedHeaders(
      req.headers,
      { remoteAddress: req.socket.remoteAddress, proto: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http', localPort: req.socket.localPort },
      id,
      trustForwarded,
    );
    return { route, host, path, query };
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const id = requestId(req.headers);
    try {
      const challenge = req.method === 'GET' || req.method === 'HEAD' ? challenges.answerFor(splitUrl(req.url ?? '/').path) : undefined;
      if (challenge !== undefined) {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(challenge), 'cache-control': 'no-store' });
        return void res.end(challenge);
      }
      const found = resolve(req, id);
      if (typeof found === 'string') {
        req.resume();
        return answer(req, res, found, id);
      }
      req.url = rewritePath(found.route, found.path) + found.query;
      res.setHeader('x-request-id', id);
      if (!hasBody(req)) req.resume();
      attempt(req, res, { host: found.host, route: found.route, id, tried: new Set(), allRefused: true });
    } catch {
      answer(req, res, 'bad_gateway', id);
    }
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const id = requestId(req.headers);
    socket.on('error', () => socket.destroy());
    const found = resolve(req, id);
    if (typeof found === 'string') return sendAnswerOnSocket(req, socket, found, id, pages);
    const backend = pickBackend(found.route.backends, found.route.cursor, new Set(), Date.now());
    if (!backend) return sendAnswerOnSocket(req, socket, 'no_backend', id, pages);
    req.url = rewritePath(found.route, found.path) + found.query;
    upgraded.add(socket);
    const release = pool.begin(backend);
    socket.once('close', () => {
      upgraded.delete(socket);
      release();
    });
    // An upgrade cannot be retried: http-proxy-3 closes the client socket on a failed attempt.
    proxy.ws(req, socket, head, { target: backend.target, agent: backend.agent }, (err) => {
      options.onUpstreamError?.({
        host: found.host,
        backend_id: backend.id,
        backend_url: backend.url,
        code: (err as NodeJS.ErrnoException).code,
        retried: false,
        request_id: id,
      });
    });
  }

  const servers: Server[] = [];
  const httpServer = createHttpServer(onRequest);
  httpServer.on('upgrade', onUpgrade);
  servers.push(httpServer);
  let httpsServer: Server | null = null;
  if (options.tlsPort !== undefined) {
    httpsServer = createHttpsServer({ SNICallback: (name, cb) => cb(null, certs.contextFor(name)) }, onRequest);
    httpsServer.on('upgrade', onUpgrade);
    // Failed handshakes (no certificate for the name, port scanners) only concern that one connection.
    httpsServer.on('tlsClientError', (_err, socket: Socket) => socket.destroy());
    servers.push(httpsServer);
  }
  for (const s of servers) s.on('clientError', (_err, socket: Duplex) => socket.destroy());

  const ready: Promise<RouterAddresses> = (async () => {
    const http = await listen(httpServer, options.port, options.host);
    const https = httpsServer ? await listen(httpsServer, options.tlsPort!, options.host) : null;
    return { http, https };
  })();
  // Failures surface from listening() and every driver call; this keeps an unawaited start from crashing the host.
  ready.catch(() => undefined);

  let closing: Promise<void> | undefined;

  return {
    name: 'embedded',
    challenges,
    listening: () => ready,
    async converge(spec: HostSpec): Promise<void> {
      await ready;
      table.set(spec);
    },
    async remove(host: string): Promise<void> {
      await ready;
      table.delete(checkHostName(host));
    },
    async hosts(): Promise<string[]> {
      await ready;
      return table.names();
    },
    async installCertificate(cert: RouterCertificate): Promise<void> {
      await ready;
      certs.install(cert);
    },
    async removeCertificate(id: string): Promise<void> {
      await ready;
      certs.remove(id);
    },
    backends: () => pool.list().map((b) => ({ id: b.id, url: b.url, inflight: b.inflight, draining: b.draining })),
    close(): Promise<void> {
      closing ??= (async () => {
        await ready.catch(() => undefined);
        // Upgraded connections are long-lived by nature; waiting for them would hold shutdown for hours.
        for (const s of upgraded) s.destroy();
        const cut = setTimeout(() => servers.forEach((s) => s.closeAllConnections()), options.closeGraceMs ?? 10_000);
        await Promise.all(
          servers.map(
            (s) =>
              new Promise<void>((resolveClose) => {
                if (!s.listening) return resolveClose();
                s.close(() => resolveClose());
                s.closeIdleConnections();
              }),
          ),
        );
        clearTimeout(cut);
        pool.destroy();
      })();
      return closing;
    },
  };
}

/** Starts an embedded router and waits until it listens (so errors such as a port in use surface here). */
export async function startEmbeddedRouter(options: EmbeddedRouterOptions): Promise<EmbeddedRouter> {
  const router = embeddedRouter(options);
  try {
    await router.listening();
  } catch (err) {
    await router.close();
    throw err;
  }
  return router;
}

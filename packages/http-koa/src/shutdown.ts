import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Options of `GracefulServer.shutdown`. */
export interface DrainOptions {
  /** How long in-flight requests may run on before their connections are cut (default 10,000 ms). */
  timeoutMs?: number;
  /**
   * How long to keep serving, with `/ready` already answering 503, before the listener closes (default 0). Behind a
   * load balancer that polls readiness (Kubernetes endpoints), this lets it stop routing here before connections
   * are refused; it comes before, not out of, `timeoutMs`.
   */
  announceMs?: number;
}

/** What a graceful shutdown drained. */
export interface DrainReport {
  /** Requests that finished during the drain (those in flight when it began, and any that arrived on open connections). */
  drained: number;
  /** Requests still running at the timeout, whose connections were cut. */
  cut: number;
  /** Keep-alive connections without a request in flight, closed at once. */
  idleClosed: number;
  /** True when the timeout elapsed before every request finished. */
  timedOut: boolean;
}

/** A server whose requests are tracked, so it can be shut down without failing any of them. */
export interface GracefulServer {
  /** Requests being handled right now. */
  readonly inFlight: number;
  /** True once `shutdown` began (the server emits `draining` then, so `/ready` answers 503). */
  readonly draining: boolean;
  /**
   * Emits `draining` on the server (so `/ready` answers 503), waits `announceMs`, then stops accepting connections,
   * lets in-flight requests finish (each answered with `Connection: close`), closes idle connections, and after
   * `timeoutMs` cuts what is left. Calling it again returns the same drain.
   */
  shutdown(options?: DrainOptions): Promise<DrainReport>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Resolves true when `p` settles before `deadline` (epoch ms), false when the deadline comes first. */
async function until(p: Promise<void>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([p.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts tracking a server's connections and requests (call it right after the server is created, before it
 * takes requests) and returns its graceful `shutdown`. Tracking must start early: a request that began untracked
 * could not be told to close its connection, and its client could then reuse a socket the drain is closing.
 */
export function gracefulShutdown(server: Server): GracefulServer {
  const sockets = new Map<Socket, number>();
  const active = new Set<ServerResponse>();
  let closing = false;
  // True from the start of a shutdown (readiness fails), which may come `announceMs` before `closing`.
  let announced = false;
  // True while the drain waits: requests ending then count as drained, not those cut at the deadline.
  let counting = false;
  let drained = 0;
  let draining: Promise<DrainReport> | undefined;
  let settle: (() => void) | undefined;

  // Once draining, every response closes its connection: a keep-alive client then opens a new one for its
  // next request, which the closed listener refuses at connect, instead of reusing a socket we destroy.
  const closeAfter = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };

  server.on('connection', (socket: Socket) => {
    sockets.set(socket, 0);
    socket.once('close', () => sockets.delete(socket));
  });
  // The request listeners (koa's callback among them) are wrapped, so a request counts until its handler's
  // promise settles as well as its response closes: a client that hangs up closes the response at once while
  // the handler may still be writing to the store, and the store must stay open until that is done.
  const handlers = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    active.add(res);
    sockets.set(socket, (sockets.get(socket) ?? 0) + 1);
    if (closing) closeAfter(res);
    let pending = 2;
    const done = () => {
      if (--pending > 0) return;
      active.delete(res);
      if (sockets.has(socket)) sockets.set(socket, Math.max(0, (sockets.get(socket) ?? 1) - 1));
      if (!counting) return;
      drained++;
      // A response whose headers went out before the drain kept its socket alive: close it once it is idle.
      setImmediate(() => server.closeIdleConnections());
      if (active.size === 0) settle?.();
    };
    res.once('close', done);
    let results: unknown[] = [];
    try {
      results = handlers.map((handler) => handler.call(server, req, res));
    } finally {
      void Promise.allSettled(results).then(done);
    }
  });

  async function drain(options: DrainOptions): Promise<DrainReport> {
    announced = true;
    server.emit('draining');
    if (options.announceMs) await new Promise((resolve) => setTimeout(resolve, options.announceMs));
    const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    closing = true;
    counting = true;
    let idleClosed = 0;
    for (const busy of sockets.values()) if (busy === 0) idleClosed++;
    for (const res of active) closeAfter(res);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const finished = await until(new Promise<void>((resolve) => {
      settle = resolve;
      if (active.size === 0) resolve();
    }), deadline);
    counting = false;
    const cut = active.size;
    // Responses that ended with `Connection: close` let Node end their sockets; idle ones go now. Whatever
    // is still open at the deadline (a request that would not finish) is cut.
    server.closeIdleConnections();
    if (!(await until(closed, deadline))) server.closeAllConnections();
    await closed;
    return { drained, cut, idleClosed, timedOut: !finished };
  }

  return {
    get inFlight() {
      return active.size;
    },
    get draining() {
      return announced;
    },
    shutdown(options: DrainOptions = {}) {
      draining ??= drain(options);
      return draining;
    },
  };
}

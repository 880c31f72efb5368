import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulShutdown, type GracefulServer } from './shutdown.js';

/** How one request ended, seen from the client. */
type Outcome =
  | { kind: 'answered'; status: number; connection: string | undefined; body: string }
  | { kind: 'refused' }
  | { kind: 'reset-before-response'; code: string | undefined }
  | { kind: 'reset-mid-response'; code: string | undefined };

/** Sends one GET and classifies its end: answered, refused at connect, or reset (before or during the response). */
function send(port: number, path: string, agent: Agent | false): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ kind: 'answered', status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ kind: 'reset-mid-response', code: err.code }));
      res.on('aborted', () => resolve({ kind: 'reset-mid-response', code: 'aborted' }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'reset-before-response', code: err.code }));
    req.end();
  });
}

/** Resolves once the server has closed every socket the agent keeps alive (the client sees their end). */
function keptAliveClosed(agent: Agent): Promise<unknown> {
  const free = Object.values(agent.freeSockets).flatMap((list) => list ?? []);
  return Promise.all(free.map((s) => (s.destroyed ? undefined : new Promise((resolve) => s.once('close', resolve)))));
}

/** A stand-in for the store: requests fail with a 500 once it is closed, as they would on a closed database. */
function fakeStore() {
  let open = true;
  return {
    async query(ms: number) {
      await sleep(ms);
      if (!open) throw new Error('store closed');
      return 'ok';
    },
    close() {
      open = false;
    },
  };
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections();
});

/** A real koa server on loopback with graceful shutdown tracking from its first connection. */
async function serve(app: Koa): Promise<{ port: number; graceful: GracefulServer }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, graceful: gracefulShutdown(server) };
}

describe('gracefulShutdown', () => {
  it('answers every request in flight with 2xx and refuses the clients next ones at connect, never a 5xx or a reset', async () => {
    const store = fakeStore();
    const LOOPS = 8;
    let running = 0;
    let served = 0;
    let startDrain: () => void = () => undefined;
    const drainStarts = new Promise<void>((resolve) => (startDrain = resolve));
    const app = new Koa();
    app.use(async (ctx) => {
      running++;
      served++;
      // Begin the drain while all loops have a request in flight, so no client socket sits idle at that moment.
      if (running === LOOPS && served > LOOPS * 2) startDrain();
      try {
        ctx.body = await store.query(40);
      } finally {
        running--;
      }
    });
    const { port, graceful } = await serve(app);
    const agent = new Agent({ keepAlive: true, maxSockets: LOOPS });
    const outcomes: Outcome[] = [];
    const loops = Array.from({ length: LOOPS }, async () => {
      for (;;) {
        const o = await send(port, '/work', agent);
        outcomes.push(o);
        if (o.kind !== 'answered' || o.status !== 200) return;
      }
    });
    await drainStarts;
    const report = await graceful.shutdown({ timeoutMs: 10_000 });
    store.close();
    await Promise.all(loops);
    agent.destroy();

    expect(outcomes.filter((o) => o.kind !== 'answered' && o.kind !== 'refused')).toEqual([]);
    expect(outcomes.filter((o) => o.kind === 'answered' && o.status !== 200)).toEqual([]);
    expect(outcomes.filter((o) => o.kind === 'refused')).toHaveLength(LOOPS);
    // The last answer on each connection told its client to open a new one.
    expect(outcomes.filter((o) => o.kind === 'answered' && o.connection === 'close')).toHaveLength(LOOPS);
    expect(report).toEqual({ drained: LOOPS, cut: 0, idleClosed: 0, timedOut: false });
  });

  it('finishes a streamed response that began before the drain', async () => {
    let started: () => void = () => undefined;
    const streaming = new Promise<void>((resolve) => (started = resolve));
    const app = new Koa();
    app.use(async (ctx) => {
      ctx.respond = false;
      ctx.res.writeHead(200, { 'content-type': 'text/plain' });
      ctx.res.write('first ');
      started();
      await sleep(100);
      ctx.res.end('last');
    });
    const { port, graceful } = await serve(app);
    const agent = new Agent({ keepAlive: true });
    const pending = send(port, '/stream', agent);
    await streaming;
    const report = await graceful.shutdown({ timeoutMs: 10_000 });
    expect(await pending).toEqual({ kind: 'answered', status: 200, connection: 'keep-alive', body: 'first last' });
    expect(report).toEqual({ drained: 1, cut: 0, idleClosed: 0, timedOut: false });
    // Its headers went out before the drain, so it kept its connection alive: the drain closes that once idle.
    await keptAliveClosed(agent);
    expect(await send(port, '/stream', agent)).toEqual({ kind: 'refused' });
    agent.destroy();
  });

  it('waits for the handler of a request whose client hung up, so the store it writes to closes after it', async () => {
    const store = fakeStore();
    const results: string[] = [];
    let entered: () => void = () => undefined;
    const working = new Promise<void>((resolve) => (entered = resolve));
    const app = new Koa();
    app.use(async (ctx) => {
      entered();
      ctx.body = await store.query(100).catch((err: Error) => err.message);
      results.push(ctx.body as string);
    });
    const { port, graceful } = await serve(app);
    const req = request({ host: '127.0.0.1', port, path: '/work', method: 'PATCH', agent: false });
    req.on('error', () => undefined);
    req.end('{}');
    await working;
    req.destroy();
    const report = await graceful.shutdown({ timeoutMs: 10_000 });
    store.close();
    expect(results).toEqual(['ok']);
    expect(report).toEqual({ drained: 1, cut: 0, idleClosed: 0, timedOut: false });
  });

  it('closes idle keep-alive connections at once instead of waiting for their keep-alive timeout', async () => {
    const app = new Koa();
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    const { port, graceful } = await serve(app);
    const agent = new Agent({ keepAlive: true });
    expect(await send(port, '/', agent)).toMatchObject({ kind: 'answered', status: 200, connection: 'keep-alive' });
    const report = await graceful.shutdown({ timeoutMs: 60_000 });
    expect(report).toEqual({ drained: 0, cut: 0, idleClosed: 1, timedOut: false });
    await keptAliveClosed(agent);
    expect(await send(port, '/', agent)).toEqual({ kind: 'refused' });
    agent.destroy();
  });

  it('cuts a request that outlives the timeout and reports it, after draining the ones that finish', async () => {
    let inFlight = 0;
    let bothIn: () => void = () => undefined;
    const entered = new Promise<void>((resolve) => (bothIn = resolve));
    const app = new Koa();
    app.use(async (ctx) => {
      if (++inFlight === 2) bothIn();
      await sleep(ctx.path === '/stuck' ? 60_000 : 20, undefined, { ref: false });
      ctx.body = 'ok';
    });
    const { port, graceful } = await serve(app);
    const stuck = send(port, '/stuck', false);
    const quick = send(port, '/quick', false);
    await entered;
    const report = await graceful.shutdown({ timeoutMs: 300 });
    expect(report).toEqual({ drained: 1, cut: 1, idleClosed: 0, timedOut: true });
    expect(await quick).toMatchObject({ kind: 'answered', status: 200, connection: 'close' });
    expect((await stuck).kind).toBe('reset-before-response');
  });

  it('returns the same drain when shutdown is called twice', async () => {
    const app = new Koa();
    const { graceful } = await serve(app);
    const first = graceful.shutdown();
    expect(graceful.shutdown()).toBe(first);
    expect(await first).toEqual({ drained: 0, cut: 0, idleClosed: 0, timedOut: false });
  });
});

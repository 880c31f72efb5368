import { Agent, request } from 'node:http';
import { routerRequest, startEchoBackend, type EchoBackend } from '@slipway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRouter, UpstreamErrorEvent } from '../src/index.js';
import { appHost, startRouter, startServer, type TestServer } from './servers.js';

/** A URL nothing listens on any more (a dyno that just died). */
async function deadUrl(): Promise<string> {
  const s = await startServer(() => undefined);
  await s.close();
  return s.url;
}

describe('embedded router: retries, draining and rolling replacement', () => {
  let router: EmbeddedRouter;
  let httpUrl: string;
  const events: UpstreamErrorEvent[] = [];
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    ({ router, httpUrl } = await startRouter({ onUpstreamError: (e) => events.push(e) }));
  });
  afterAll(async () => {
    await router.close();
    await Promise.all(closers.map((c) => c()));
  });

  const echo = async (name: string): Promise<EchoBackend> => {
    const b = await startEchoBackend(name);
    closers.push(() => b.close());
    return b;
  };

  it('retries a refused connection on another backend, request bodies included', async () => {
    const bodies: string[] = [];
    const live = await startServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => {
        bodies.push(text);
        res.end('ok');
      });
    });
    closers.push(() => live.close());
    const dead = await deadUrl();
    await router.converge(appHost('retry.test', [dead, live.url]));
    events.length = 0;
    for (let i = 0; i < 4; i++) {
      const get = await routerRequest(httpUrl, { host: 'retry.test', path: '/' });
      expect(get.status).toBe(200);
      const post = await routerRequest(httpUrl, { host: 'retry.test', path: '/', method: 'POST', body: `payload-${i}` });
      expect(post.status).toBe(200);
    }
    expect(bodies.filter((b) => b.startsWith('payload-'))).toEqual(['payload-0', 'payload-1', 'payload-2', 'payload-3']);
    expect(events.some((e) => e.code === 'ECONNREFUSED' && e.retried && e.backend_url === dead)).toBe(true);
  });

  it('answers 503 when every backend refuses', async () => {
    await router.converge(appHost('alldead.test', [await deadUrl(), await deadUrl()]));
    const res = await routerRequest(httpUrl, { host: 'alldead.test', path: '/', headers: { accept: 'application/json' } });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ id: 'no_backend' });
  });

  it('drains a backend removed by a converge: new requests avoid it, the one in flight finishes', async () => {
    let holdRelease!: () => void;
    const held = new Promise<void>((r) => (holdRelease = r));
    let arrived!: () => void;
    const inside = new Promise<void>((r) => (arrived = r));
    const old = await startServer((_req, res) => {
      arrived();
      void held.then(() => res.end('old finished'));
    });
    closers.push(() => old.close());
    const fresh = await echo('fresh');
    await router.converge(appHost('drain.test', [old.url]));
    const slow = routerRequest(httpUrl, { host: 'drain.test', path: '/slow' });
    await inside;
    await router.converge(appHost('drain.test', [fresh.url]));
    expect(router.backends().find((b) => b.url === old.url)).toMatchObject({ draining: true, inflight: 1 });
    for (let i = 0; i < 3; i++) expect((await routerRequest(httpUrl, { host: 'drain.test', path: '/' })).echo?.backend).toBe('fresh');
    holdRelease();
    const finished = await slow;
    expect(finished).toMatchObject({ status: 200, body: 'old finished' });
    // Drained: the router let go of the old backend's connections.
    await new Promise((r) => setImmediate(r));
    expect(router.backends().map((b) => b.url)).not.toContain(old.url);
  });

  it('fails no request while every backend is replaced under a steady request loop', async () => {
    const total = 300;
    const concurrency = 6;
    let done = 0;
    const failures: string[] = [];
    const seenBy = new Map<string, number>();
    const waiters: Array<{ at: number; resolve: () => void }> = [];
    const afterRequests = (n: number) => new Promise<void>((resolve) => (done >= n ? resolve() : waiters.push({ at: n, resolve })));
    // Client side keep-alive, like a browser or load balancer in front of the router.
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const one = () =>
      new Promise<void>((resolve) => {
        const r = request(`${httpUrl}/`, { agent, headers: { host: 'rolling.test' } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => {
            if (res.statusCode === 200) {
              const name = (JSON.parse(body) as { backend: string }).backend;
              seenBy.set(name, (seenBy.get(name) ?? 0) + 1);
            } else failures.push(`${res.statusCode} ${body.slice(0, 80)}`);
            resolve();
          });
          res.on('error', (e) => {
            failures.push(e.message);
            resolve();
          });
        });
        r.on('error', (e) => {
          failures.push(e.message);
          resolve();
        });
        r.end();
      }).then(() => {
        done++;
        for (const w of waiters.filter((x) => done >= x.at)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      });

    let current = [await echo('gen0-a'), await echo('gen0-b')];
    await router.converge(appHost('rolling.test', current.map((b) => b.url)));
    events.length = 0;

    // Each replacement starts after a fixed number of answered requests, so all of them happen inside the loop.
    const shutdowns: Promise<void>[] = [];
    const rolling = (async () => {
      let step = 0;
      for (let gen = 1; gen <= 4; gen++) {
        for (const slot of [0, 1]) {
          step++;
          await afterRequests(step * 30);
          const next = await echo(`gen${gen}-${slot}`);
          const old = current[slot];
          const replaced = current.map((b, i) => (i === slot ? next : b));
          if (slot === 0) {
            // The dyno dies before the router hears of it: requests to it are refused and retried elsewhere.
            await router.converge(appHost('rolling.test', [...current, next].map((b) => b.url)));
            await old.close();
            await afterRequests(step * 30 + 10);
            await router.converge(appHost('rolling.test', replaced.map((b) => b.url)));
          } else {
            // The orderly way: the router stops sending to it first, then the dyno shuts down gracefully.
            await router.converge(appHost('rolling.test', replaced.map((b) => b.url)));
            shutdowns.push(old.shutdown());
          }
          current = replaced;
        }
      }
    })();

    let issued = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (issued < total) {
          issued++;
          await one();
        }
      }),
    );
    await rolling;
    agent.destroy();
    await Promise.all(shutdowns);

    expect(failures).toEqual([]);
    expect(done).toBe(total);
    // The last generation took traffic, and the refused attempts were retried rather than failed.
    expect(seenBy.get('gen4-0') ?? 0).toBeGreaterThan(0);
    expect(events.some((e) => e.retried)).toBe(true);
    expect(events.filter((e) => !e.retried)).toEqual([]);
  });
});

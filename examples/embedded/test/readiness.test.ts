import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gracefulShutdown } from '@slipway/http-koa';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

/** A pino destination keeping every line parsed. */
function captureLines(lines: Array<Record<string, unknown>>): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
}

describe.each(await storeKinds())('/ready, aborted requests and request ids on %s', (kind) => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close().catch(() => undefined);
    s = undefined;
  });

  it('answers /ready 503 from the start of a drain while other requests are still served, then refuses at connect', async () => {
    s = await startTestServer(kind, { runtime: 'none' });
    const graceful = gracefulShutdown(s.server);
    expect((await fetch(`${s.url}/ready`)).status).toBe(200);
    const draining = graceful.shutdown({ announceMs: 1500, timeoutMs: 5000 });
    const ready = await fetch(`${s.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'draining', store: 'unchecked', draining: true });
    expect(graceful.draining).toBe(true);
    // Liveness and the API still answer: the controller is winding down, not dead.
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    expect((await s.request('GET', '/apps')).status).toBe(200);
    await draining;
    await expect(fetch(`${s.url}/ready`)).rejects.toThrow();
  });

  it('answers /ready 503 when the store is closed, while /health stays 200', async () => {
    s = await startTestServer(kind, { runtime: 'none' });
    expect((await fetch(`${s.url}/ready`)).status).toBe(200);
    await s.platform.jobs.stop();
    await s.platform.store.close();
    const ready = await fetch(`${s.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', store: 'failing', draining: false });
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
  });

  it('logs a client that hangs up mid-body as aborted (499, info), never as a 500 error', async () => {
    const lines: Array<Record<string, unknown>> = [];
    // koa prints errors nobody listens for to stderr: an abort must not reach it either.
    const stderr = vi.spyOn(console, 'error');
    s = await startTestServer(kind, { runtime: 'none', logLevel: 'info', logDestination: captureLines(lines) });
    const { port } = new URL(s.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        // Half of a declared body, then the client is gone.
        socket.write(`POST /organizations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s!.token}\r\nContent-Type: application/json\r\nContent-Length: 200\r\nRequest-Id: abort-me\r\n\r\n{"name": "half`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
      socket.on('error', reject);
    });
    await expect.poll(() => lines.filter((l) => l.requestId === 'abort-me').length, { timeout: 5000 }).toBe(2);
    expect(lines.filter((l) => l.requestId === 'abort-me')).toEqual([
      expect.objectContaining({ level: 30, msg: 'client aborted the request', method: 'POST', path: '/organizations' }),
      expect.objectContaining({ level: 30, msg: 'request', status: 499 }),
    ]);
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(stderr).not.toHaveBeenCalled();
    stderr.mockRestore();
    // Nothing was half-written.
    expect((await s.request('GET', '/organizations')).body.map((o: { name: string }) => o.name)).not.toContain('half');
  });

  it('echoes a sane Request-Id or X-Request-Id, and generates one for a missing or unsafe id', async () => {
    s = await startTestServer(kind, { runtime: 'none' });
    const x = await s.request('GET', '/apps', undefined, { 'x-request-id': 'trace.42_a-b' });
    expect(x.headers.get('request-id')).toBe('trace.42_a-b');
    expect(x.headers.get('x-request-id')).toBe('trace.42_a-b');
    const plain = await s.request('GET', '/apps', undefined, { 'request-id': 'plain-1' });
    expect(plain.headers.get('request-id')).toBe('plain-1');
    expect(plain.headers.get('x-request-id')).toBeNull();
    // Both sent: Request-Id wins, and the X- spelling is answered with the same id.
    const both = await s.request('GET', '/apps', undefined, { 'request-id': 'first', 'x-request-id': 'second' });
    expect(both.headers.get('request-id')).toBe('first');
    expect(both.headers.get('x-request-id')).toBe('first');
    for (const bad of ['has space', 'a'.repeat(129), 'semi;colon', 'slash/path']) {
      const r = await s.request('GET', '/apps', undefined, { 'x-request-id': bad });
      const id = r.headers.get('request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers.get('x-request-id')).toBe(id);
    }
  });
});

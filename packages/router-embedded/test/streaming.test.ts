import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { EmbeddedRouter } from '../src/index.js';
import { appHost, startRouter, startServer, type TestServer } from './servers.js';

/** A promise with its resolver, to hand a signal from one side of the proxy to the other. */
function signal<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('embedded router: streaming and WebSockets', () => {
  let router: EmbeddedRouter;
  let httpUrl: string;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    ({ router, httpUrl } = await startRouter());
  });
  afterAll(async () => {
    await router.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('streams a response chunk by chunk: the client reads the first chunk before the backend writes the second', async () => {
    const clientGotFirst = signal();
    const backend = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      // If the router buffered the response, the client would never see "first;" and this would never resolve.
      void clientGotFirst.promise.then(() => res.end('second'));
    });
    servers.push(backend);
    await router.converge(appHost('stream.test', [backend.url]));
    const body = await new Promise<string>((resolve, reject) => {
      const r = request(`${httpUrl}/`, { headers: { host: 'stream.test' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          if (text === 'first;') clientGotFirst.resolve();
        });
        res.on('end', () => resolve(text));
      });
      r.on('error', reject);
      r.end();
    });
    expect(body).toBe('first;second');
  });

  it('streams a request body: the backend reads the first chunk before the client sends the second', async () => {
    const backendGotFirst = signal();
    const backend = await startServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        text += c;
        if (text === 'up1;') backendGotFirst.resolve();
      });
      req.on('end', () => res.end(`got:${text}`));
    });
    servers.push(backend);
    await router.converge(appHost('upload.test', [backend.url]));
    const reply = await new Promise<string>((resolve, reject) => {
      const r = request(`${httpUrl}/upload`, { method: 'POST', headers: { host: 'upload.test', 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(text));
      });
      r.on('error', reject);
      r.write('up1;');
      void backendGotFirst.promise.then(() => r.end('up2'));
    });
    expect(reply).toBe('got:up1;up2');
  });

  it('proxies a WebSocket both ways (server push, text and binary echo)', async () => {
    const backend = await startServer((_req, res) => res.end('http'));
    servers.push(backend);
    const wss = new WebSocketServer({ server: backend.server });
    wss.on('connection', (socket, req) => {
      socket.send(`hello ${req.url} ${req.headers.host}`);
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    });
    await router.converge({
      host: 'chat.test',
      kind: 'site',
      routes: [{ path: '/ws', target_path: '/live', target: appHost('chat.test', [backend.url]).routes[0].target }],
    });
    const ws = new WebSocket(`${httpUrl.replace('http', 'ws')}/ws/room1`, { headers: { host: 'chat.test' } });
    const received: Array<string | Buffer> = [];
    const all = signal();
    ws.on('message', (data, isBinary) => {
      received.push(isBinary ? Buffer.from(data as Buffer) : data.toString());
      if (received.length === 3) all.resolve();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send('text frame');
    ws.send(Buffer.from([1, 2, 3, 250]));
    await all.promise;
    ws.close();
    wss.close();
    expect(received[0]).toBe('hello /live/room1 chat.test');
    expect(received[1]).toBe('text frame');
    expect(received[2]).toEqual(Buffer.from([1, 2, 3, 250]));
  });
});

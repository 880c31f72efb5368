import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got: headers and the exact body bytes. */
export interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: any;
}

/** A real webhook receiver on loopback whose answers the test scripts. */
export interface Receiver {
  url: string;
  received: Received[];
  /** Decides the answer to each request (default 200). Return null to never answer. */
  respond: (r: Received, n: number) => { status: number; delayMs?: number } | null;
  /** Resolves when `n` requests arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 with an ephemeral port. */
export async function startReceiver(): Promise<Receiver> {
  const held: ServerResponse[] = [];
  const r: Receiver = {
    url: '',
    received: [],
    respond: () => ({ status: 200 }),
    async waitFor(n, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (r.received.length < n) {
        if (Date.now() > until) throw new Error(`receiver got ${r.received.length} of ${n} deliveries`);
        await new Promise((res) => setTimeout(res, 20));
      }
    },
    close: () =>
      new Promise<void>((res) => {
        for (const h of held) h.destroy();
        server.closeAllConnections();
        server.close(() => res());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const got: Received = { headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')) };
      r.received.push(got);
      const answer = r.respond(got, r.received.length);
      if (!answer) return void held.push(res);
      setTimeout(() => {
        res.statusCode = answer.status;
        res.end();
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return r;
}

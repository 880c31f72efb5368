import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake broker saw. */
export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What the fake broker answers: a status with a JSON body or raw text, or `hang` to never answer. */
export type Answer = { status: number; json?: unknown; raw?: string; headers?: Record<string, string> } | 'hang';

/** A real HTTP server on loopback whose answers each test scripts, to probe the client's protocol handling. */
export interface RecordingServer {
  url: string;
  requests: Recorded[];
  /** Sets the answer function for the next requests. */
  answer(fn: (req: Recorded) => Answer): void;
  close(): Promise<void>;
}

/** Starts a scripted broker on an ephemeral loopback port. */
export async function startRecordingServer(): Promise<RecordingServer> {
  let handler: (req: Recorded) => Answer = () => ({ status: 500, json: { description: 'no answer scripted' } });
  const requests: Recorded[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: Recorded = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(recorded);
      const a = handler(recorded);
      if (a === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
      res.end(a.raw ?? JSON.stringify(a.json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/broker`,
    requests,
    answer(fn) {
      handler = fn;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

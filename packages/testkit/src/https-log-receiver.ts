import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCert } from './self-signed-cert.js';

/** One POST an HTTPS drain made, as the receiver saw it. */
export interface ReceivedDrainRequest {
  method: string;
  path: string;
  /** Lowercase header names. */
  headers: Record<string, string>;
  /** The body split into its octet-counted frames. */
  frames: string[];
  /** Status the receiver answered, or null when it let the request hang. */
  status: number | null;
}

/** What the receiver does with the n-th request (0-based): answer with a status, or never answer. */
export type DrainReceiverBehaviour = (index: number, request: ReceivedDrainRequest) => number | 'hang';

/** A real HTTPS server on 127.0.0.1 with a self-signed certificate that records Logplex-style drain POSTs. */
export interface HttpsLogReceiver {
  /** Base URL, e.g. `https://127.0.0.1:43121`. */
  url: string;
  /** The server's certificate (for localhost and 127.0.0.1); trust it as a CA. */
  caPem: string;
  /** Requests so far, in arrival order. */
  requests: ReceivedDrainRequest[];
  /** Replaces how the following requests are answered (default: 200 to all). */
  behave(behaviour: DrainReceiverBehaviour): void;
  /** Waits until `done(requests)` holds. */
  waitFor(done: (requests: ReceivedDrainRequest[]) => boolean, timeoutMs?: number): Promise<ReceivedDrainRequest[]>;
  close(): Promise<void>;
}

/** Splits octet-counted frames (RFC 6587), independently of any drain implementation. */
export function splitOctetFrames(body: Buffer): string[] {
  const frames: string[] = [];
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const len = Number(body.subarray(at, space).toString('ascii'));
    if (space < 0 || !Number.isInteger(len) || space + 1 + len > body.length) throw new Error(`bad octet frame at ${at}`);
    frames.push(body.subarray(space + 1, space + 1 + len).toString('utf8'));
    at = space + 1 + len;
  }
  return frames;
}

/** Starts the receiver; hanging requests are cut when it closes. */
export async function startHttpsLogReceiver(): Promise<HttpsLogReceiver> {
  const cert = await selfSignedCert({ dns: ['localhost'], ips: ['127.0.0.1'] });
  const requests: ReceivedDrainRequest[] = [];
  let behaviour: DrainReceiverBehaviour = () => 200;
  const server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
      let frames: string[];
      try {
        frames = splitOctetFrames(Buffer.concat(chunks));
      } catch {
        frames = [`(unframed) ${Buffer.concat(chunks).toString('utf8')}`];
      }
      const record: ReceivedDrainRequest = { method: req.method ?? '', path: req.url ?? '', headers, frames, status: null };
      const answer = behaviour(requests.length, record);
      requests.push(record);
      if (answer === 'hang') return;
      record.status = answer;
      res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: cert.cert,
    requests,
    behave(next) {
      behaviour = next;
    },
    async waitFor(done, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!done(requests)) {
        if (Date.now() > until) throw new Error(`the HTTPS receiver did not get the expected requests in ${timeoutMs} ms; it has ${requests.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return requests;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

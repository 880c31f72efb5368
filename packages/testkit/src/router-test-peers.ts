import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** What an echo backend saw of one request; it answers with this as JSON. */
export interface EchoReply {
  /** The backend's name, to tell which one answered. */
  backend: string;
  method: string;
  /** Request target as the backend received it (path after the router's prefix swap, with query). */
  url: string;
  headers: IncomingHttpHeaders;
}

/** A real HTTP server on loopback that answers every request with an `EchoReply` and echoes upgraded bytes back. */
export interface EchoBackend {
  name: string;
  host: string;
  port: number;
  /** `http://host:port`, what a RouteBackend's url is. */
  url: string;
  /** Requests answered so far. */
  hits: number;
  /** Stops listening and cuts open connections (a dyno that was killed). */
  close(): Promise<void>;
  /** Stops listening, lets requests in progress finish and closes idle connections (a dyno stopped with SIGTERM). */
  shutdown(): Promise<void>;
}

/** Starts an echo backend named `name` on `host` (default 127.0.0.1), on a free port. */
export async function startEchoBackend(name: string, host = '127.0.0.1'): Promise<EchoBackend> {
  const sockets = new Set<Socket>();
  const backend: EchoBackend = { name, host, port: 0, url: '', hits: 0, close: async () => undefined, shutdown: async () => undefined };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      backend.hits++;
      const body = JSON.stringify({ backend: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers } satisfies EchoReply);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  // A minimal upgrade peer: switch protocols, then echo every byte (enough to prove the tunnel both ways).
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: ${req.headers.upgrade ?? 'websocket'}\r\nconnection: Upgrade\r\nx-backend: ${name}\r\n\r\n`);
    if (head.length) socket.write(head);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  backend.port = (server.address() as AddressInfo).port;
  backend.url = `http://${host.includes(':') ? `[${host}]` : host}:${backend.port}`;
  backend.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  backend.shutdown = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  return backend;
}

/** A response as a client of the router saw it. */
export interface ProbeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as an `EchoReply` when a backend answered, else null. */
  echo: EchoReply | null;
  /** SHA-256 fingerprint of the certificate the server presented (HTTPS only). */
  fingerprint256?: string;
}

/** One request of `routerRequest`. */
export interface ProbeRequest {
  /** Host header (and SNI name over HTTPS). */
  host: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Sends one request to a router listening at `baseUrl` (`http://` or `https://`), for `req.host`, on a fresh
 * connection; over HTTPS it sends `req.host` as SNI and accepts any certificate, reporting its fingerprint.
 */
export function routerRequest(baseUrl: string, req: ProbeRequest): Promise<ProbeResponse> {
  const base = new URL(baseUrl);
  const tls = base.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const options = {
      host: base.hostname.replace(/^\[|\]$/g, ''),
      port: Number(base.port || (tls ? 443 : 80)),
      path: req.path,
      method: req.method ?? 'GET',
      headers: { host: req.host, ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}), ...req.headers },
      agent: false,
      timeout: 10_000,
      ...(tls ? { servername: req.host, rejectUnauthorized: false } : {}),
    };
    const r = (tls ? httpsRequest : httpRequest)(options, (res) => {
      const fingerprint256 = tls ? (res.socket as import('node:tls').TLSSocket).getPeerX509Certificate()?.fingerprint256 : undefined;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('error', reject);
      res.on('end', () => {
        let echo: EchoReply | null = null;
        try {
          const parsed = JSON.parse(body) as Partial<EchoReply>;
          if (typeof parsed.backend === 'string') echo = parsed as EchoReply;
        } catch {
          // Not a backend answer (a router page): echo stays null.
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, echo, ...(fingerprint256 ? { fingerprint256 } : {}) });
      });
    });
    r.on('error', reject);
    r.on('timeout', () => r.destroy(new Error(`request to ${req.host}${req.path} timed out`)));
    r.end(req.body);
  });
}

/** The fingerprint of the certificate a TLS listener presents for SNI `servername`, or null when the handshake fails. */
export function presentedCertificate(baseUrl: string, servername: string): Promise<string | null> {
  const base = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: base.hostname.replace(/^\[|\]$/g, ''), port: Number(base.port || 443), servername, rejectUnauthorized: false });
    socket.setTimeout(10_000, () => socket.destroy());
    socket.once('secureConnect', () => {
      const fp = socket.getPeerX509Certificate()?.fingerprint256 ?? null;
      socket.end();
      resolve(fp);
    });
    socket.once('error', () => resolve(null));
    socket.once('close', () => resolve(null));
  });
}

/**
 * Opens an upgrade (`Upgrade: websocket`) through the router for `host` and `path`, sends `message` through the
 * tunnel and resolves with what came back first, and the status line's code (101 when the tunnel opened).
 */
export function upgradeEcho(baseUrl: string, host: string, path: string, message: string): Promise<{ status: number; echoed: string }> {
  const base = new URL(baseUrl);
  const tls = base.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const r = (tls ? httpsRequest : httpRequest)({
      host: base.hostname.replace(/^\[|\]$/g, ''),
      port: Number(base.port || (tls ? 443 : 80)),
      path,
      headers: { host, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
      agent: false,
      timeout: 10_000,
      ...(tls ? { servername: host, rejectUnauthorized: false } : {}),
    });
    r.on('upgrade', (res, socket: Socket) => {
      let echoed = '';
      socket.setEncoding('utf8');
      socket.on('data', (c: string) => {
        echoed += c;
        if (echoed.length >= message.length) {
          socket.destroy();
          resolve({ status: res.statusCode ?? 0, echoed });
        }
      });
      socket.on('error', reject);
      socket.write(message);
    });
    r.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, echoed: '' });
    });
    r.on('error', reject);
    r.on('timeout', () => r.destroy(new Error('upgrade timed out')));
    r.end();
  });
}

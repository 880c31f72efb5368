import { execFile } from 'node:child_process';
import { Agent, request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestServer } from './test-server.js';

/** A real loopback HTTP backend that names itself in every answer. */
export async function startBackend(name: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`${name} ${req.headers.host ?? ''} ${req.url ?? ''}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A site host on the router that sends everything to `backendUrl` (what the router module will converge). */
export function siteSpec(host: string, backendUrl: string) {
  return {
    host,
    kind: 'site' as const,
    routes: [{ path: '/', target_path: '/', target: { app_id: '00000000-0000-4000-8000-00000000000a', app_key: 'shop-dev', app: 'shop', space: 'dev', port: 5000, maintenance: false, backends: [{ id: 'b1', url: backendUrl }] } }],
  };
}

/** What `curl --cacert` saw: its exit code, the body and the serial number of the certificate the server presented. */
export interface CurlResult {
  code: number;
  body: string;
  stderr: string;
}

/** Runs the real curl against `https://<domain>:<port>/` resolved to 127.0.0.1, trusting only `caPem`. */
export async function curlHttps(domain: string, port: number, caPem: string): Promise<CurlResult> {
  const dir = mkdtempSync(join(tmpdir(), 'slw-curl-'));
  try {
    writeFileSync(join(dir, 'ca.pem'), caPem);
    return await new Promise<CurlResult>((resolve) => {
      execFile(
        'curl',
        ['-sS', '--max-time', '10', '--cacert', join(dir, 'ca.pem'), '--resolve', `${domain}:${port}:127.0.0.1`, `https://${domain}:${port}/`],
        { encoding: 'utf8' },
        (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, body: stdout, stderr }),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The serial number of the leaf of a PEM chain. */
export function leafSerial(chainPem: string): string {
  return new X509Certificate(chainPem).serialNumber;
}

/** Polls GET /ssl-orders/{name} until `done` holds; returns the last body. */
export async function waitForOrder(s: TestServer, name: string, done: (o: any) => boolean, timeoutMs = 60_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < until) {
    last = (await s.request('GET', `/ssl-orders/${name}`)).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`order ${name} did not reach the expected state: ${JSON.stringify(last)}`);
}

/** Polls GET /ssl-endpoints/{name} until its certificate differs from `previousPem`. */
export async function waitForNewCertificate(s: TestServer, name: string, previousPem: string, timeoutMs = 60_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const e = (await s.request('GET', `/ssl-endpoints/${name}`)).body;
    if (e?.certificate && e.certificate !== previousPem) return e;
    await new Promise((r) => setTimeout(r, 100));
  }
  const o = (await s.request('GET', `/ssl-orders/${name}`)).body;
  throw new Error(`the certificate ${name} was not renewed in time: ${JSON.stringify({ status: o?.status, status_reason: o?.status_reason, expires: o?.expires })}`);
}

/** The serial of the certificate a fresh TLS handshake for `host` on 127.0.0.1:`port` gets, trusting only `ca`. */
export function handshakeSerial(host: string, port: number, ca: string): Promise<string> {
  const agent = new Agent({ keepAlive: false, ca, maxCachedSessions: 0 });
  return new Promise<string>((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path: '/', headers: { host }, agent, servername: host }, (res) => {
      const serial = (res.socket as TLSSocket).getPeerX509Certificate()?.serialNumber ?? 'none';
      res.resume();
      res.on('end', () => resolve(serial));
    });
    req.on('error', reject);
    req.end();
  }).finally(() => agent.destroy());
}

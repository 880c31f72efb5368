import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { startEchoBackend, type EchoBackend, selfSignedCert } from '@slipway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRouter } from '../src/index.js';
import { appHost, startRouter } from './servers.js';

describe('embedded router: certificate swap', () => {
  let router: EmbeddedRouter;
  let httpsUrl: string;
  let backend: EchoBackend;

  beforeAll(async () => {
    const started = await startRouter({ tlsPort: 0 });
    router = started.router;
    httpsUrl = started.httpsUrl!;
    backend = await startEchoBackend('tls');
  });
  afterAll(async () => {
    await router.close();
    await backend.close();
  });

  it('keeps established TLS connections on the old certificate while new handshakes get the new one', async () => {
    const host = 'swap.test';
    await router.converge(appHost(host, [backend.url]));
    const oldCert = await selfSignedCert({ dns: [host], ips: [] });
    await router.installCertificate({ id: 'swap', domains: [host], cert_pem: oldCert.cert, key_pem: oldCert.key });
    const port = Number(new URL(httpsUrl).port);
    const agent = new Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
    const get = () =>
      new Promise<{ res: IncomingMessage; socket: TLSSocket; fingerprint: string | undefined; body: string }>((resolve, reject) => {
        const r = request({ host: '127.0.0.1', port, servername: host, path: '/', headers: { host }, agent }, (res) => {
          // Read while the response holds the socket: at 'end' a kept-alive socket goes back to the agent.
          const socket = res.socket as TLSSocket;
          const fingerprint = socket.getPeerX509Certificate()?.fingerprint256;
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ res, socket, fingerprint, body }));
        });
        r.on('error', reject);
        r.end();
      });
    try {
      const first = await get();
      expect(first.fingerprint).toBe(oldCert.fingerprint256);

      const newCert = await selfSignedCert({ dns: [host], ips: [] });
      await router.installCertificate({ id: 'swap', domains: [host], cert_pem: newCert.cert, key_pem: newCert.key });

      const again = await get();
      expect(again.res.statusCode).toBe(200);
      // The same TLS connection carried on: it keeps the certificate it negotiated until it closes.
      expect(again.socket).toBe(first.socket);
      expect(JSON.parse(again.body)).toMatchObject({ backend: 'tls' });

      agent.destroy();
      const fresh = new Agent({ keepAlive: false, rejectUnauthorized: false });
      const next = await new Promise<string | undefined>((resolve, reject) => {
        const r = request({ host: '127.0.0.1', port, servername: host, path: '/', headers: { host }, agent: fresh }, (res) => {
          const fp = (res.socket as TLSSocket).getPeerX509Certificate()?.fingerprint256;
          res.resume();
          resolve(fp);
        });
        r.on('error', reject);
        r.end();
      });
      expect(next).toBe(newCert.fingerprint256);
    } finally {
      agent.destroy();
    }
  });
});

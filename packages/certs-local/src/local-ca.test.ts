import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { certificateRequest, DriverUnavailableError, generateSecretKey, SecretBox, ValidationError, type CertIssuer } from '@slipway/core';
import { localCaIssuer } from './local-ca.js';
import { fileCaRootStore, memoryCaRootStore } from './root-store.js';

const dir = mkdtempSync(join(tmpdir(), 'slw-localca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function issue(issuer: CertIssuer, domains: string[]): Promise<{ cert_pem: string; key_pem: string }> {
  const start = await issuer.begin(certificateRequest({ domains }));
  if (start.state !== 'ordered') throw new Error(start.reason);
  const done = await issuer.poll(start.ref);
  if (done.state !== 'issued') throw new Error(`not issued: ${done.state}`);
  return { cert_pem: done.cert_pem, key_pem: start.key_pem! };
}

describe('local CA root at rest', () => {
  it('keeps the root key sealed in its store and reuses the root after a restart', async () => {
    const path = join(dir, 'root.json');
    const key = generateSecretKey();
    const first = localCaIssuer({ secretKey: key, store: fileCaRootStore(path) });
    const rootPem = await first.rootCertificatePem();
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk).not.toMatch(/PRIVATE KEY/);
    expect(JSON.parse(onDisk).cert_pem).toBe(rootPem);
    expect(new SecretBox(key).open(JSON.parse(onDisk).key_sealed)).toMatch(/BEGIN PRIVATE KEY/);

    const restarted = localCaIssuer({ secretKey: new SecretBox(key), store: fileCaRootStore(path) });
    expect(await restarted.rootCertificatePem()).toBe(rootPem);
    // An order begun before the restart is still recognised after it.
    const start = await first.begin(certificateRequest({ domains: ['a.slipway.test'] }));
    expect(start.state === 'ordered' && (await restarted.poll(start.ref)).state).toBe('issued');
  });

  it('lets racing controllers agree on one root', async () => {
    const key = generateSecretKey();
    const store = fileCaRootStore(join(dir, 'race.json'));
    const roots = await Promise.all([1, 2, 3].map(() => localCaIssuer({ secretKey: key, store }).rootCertificatePem()));
    expect(new Set(roots).size).toBe(1);
  });

  it('fails with DriverUnavailableError when the secret key cannot open the root, and never echoes the key', async () => {
    const path = join(dir, 'wrong.json');
    await localCaIssuer({ secretKey: generateSecretKey(), store: fileCaRootStore(path) }).rootCertificatePem();
    const wrong = localCaIssuer({ secretKey: generateSecretKey(), store: fileCaRootStore(path) });
    const err = await wrong.begin(certificateRequest({ domains: ['a.slipway.test'] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverUnavailableError);
    expect((err as Error).message).toMatch(/wrong secret key/);
    expect((err as Error).message).not.toMatch(/PRIVATE KEY/);
  });

  it('takes a root in clear from the host and refuses a key of another root', async () => {
    const path = join(dir, 'clear.json');
    const key = generateSecretKey();
    const donor = localCaIssuer({ secretKey: key, store: fileCaRootStore(path) });
    const rootCertPem = await donor.rootCertificatePem();
    const rootKeyPem = new SecretBox(key).open(JSON.parse(readFileSync(path, 'utf8')).key_sealed);
    const given = localCaIssuer({ rootCertPem, rootKeyPem });
    expect(await given.rootCertificatePem()).toBe(rootCertPem);
    const other = await localCaIssuer().rootCertificatePem();
    await expect(localCaIssuer({ rootCertPem: other, rootKeyPem }).rootCertificatePem()).rejects.toSatisfy((e) => e instanceof ValidationError && e.field === 'rootKeyPem');
  });

  it('refuses options that cannot work, naming the field', () => {
    expect(() => localCaIssuer({ store: memoryCaRootStore() })).toThrow(expect.objectContaining({ field: 'secretKey' }));
    expect(() => localCaIssuer({ rootCertPem: 'x' })).toThrow(expect.objectContaining({ field: 'rootKeyPem' }));
    expect(() => localCaIssuer({ leafValidityDays: 0 })).toThrow(expect.objectContaining({ field: 'leafValidityDays' }));
  });
});

describe('local CA certificates in use', () => {
  it('serves TLS that a client trusting only the root accepts for the issued name', async () => {
    const issuer = localCaIssuer();
    const ca = await issuer.rootCertificatePem();
    const { cert_pem, key_pem } = await issue(issuer, ['*.apps.slipway.test', 'apps.slipway.test']);
    const server = createServer({ cert: cert_pem, key: key_pem }, (s) => s.end('hello over tls'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const body = await new Promise<string>((resolve, reject) => {
        const socket: TLSSocket = connect({ host: '127.0.0.1', port, servername: 'web.apps.slipway.test', ca }, () => undefined);
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (c: string) => (text += c));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(body).toBe('hello over tls');
      // The same root does not vouch for a name outside the certificate.
      await expect(
        new Promise((resolve, reject) => {
          const s = connect({ host: '127.0.0.1', port, servername: 'other.slipway.test', ca }, () => resolve(s.end()));
          s.on('error', reject);
        }),
      ).rejects.toThrow(/altnames|does not match/i);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses to poll a ref that another root signed', async () => {
    const a = localCaIssuer();
    const start = await a.begin(certificateRequest({ domains: ['x.slipway.test'] }));
    if (start.state !== 'ordered') throw new Error('expected an order');
    await expect(localCaIssuer().poll(start.ref)).rejects.toSatisfy((e) => e instanceof ValidationError && e.field === 'ref');
  });
});

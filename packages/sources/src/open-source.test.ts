import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BadSourceError } from '@slipway/core';
import type { Resolver } from '@slipway/outbound';
import { packTar, selfSignedCert } from '@slipway/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSource } from './open-source.js';
import { readProcfile } from './procfile.js';
import { unpackArchive } from './unpack-archive.js';

const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const small = gzipSync(packTar([{ name: 'Dockerfile', data: Buffer.from('FROM scratch\n') }, { name: 'Procfile', data: Buffer.from('web: ./run\n') }]));

// Two incompressible files, so the tgz is as big as its content (1.5 MiB) and arrives in many chunks.
const partA = randomBytes(768 * 1024);
const partB = randomBytes(768 * 1024);
const big = gzipSync(packTar([{ name: 'a.bin', data: partA }, { name: 'b.bin', data: partB }]));

/** Writes `total` bytes of a tar that never ends well, minding backpressure; counts what went out. */
async function endless(res: ServerResponse, total: number, sent: { bytes: number; closedEarly: boolean }): Promise<void> {
  res.on('close', () => (sent.closedEarly = !res.writableFinished));
  // A tar header declaring 64 MiB of data, then random bytes for as long as the client reads.
  const header = Buffer.from(packTar([{ name: 'huge.bin', data: Buffer.alloc(0) }]).subarray(0, 512));
  header.write(`${(64 * 2 ** 20).toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.fill(32, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  res.write(header);
  const chunk = randomBytes(64 * 1024);
  while (sent.bytes < total && !res.destroyed) {
    sent.bytes += chunk.length;
    if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  res.end();
}

describe('openSource over real HTTP servers', () => {
  let server: Server;
  let base: string;
  let requests = 0;
  let release: () => void = () => undefined;
  let held: Promise<void> = Promise.resolve();
  const sent = { bytes: 0, closedEarly: false };
  let work: string;
  let dir: string;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      requests++;
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/src.tgz') return res.end(small);
      if (url.pathname === '/redirect') return res.writeHead(302, { location: '/src.tgz' }).end();
      if (url.pathname === '/private.tgz') {
        const ok = req.headers.authorization === `Basic ${Buffer.from('deploy:s3cret').toString('base64')}`;
        return ok ? res.end(small) : res.writeHead(401).end();
      }
      if (url.pathname === '/not-an-archive') return res.end('<html>hello</html>'.padEnd(600, ' '));
      if (url.pathname === '/declared-huge') return res.writeHead(200, { 'content-length': String(64 * 2 ** 20) }).end();
      if (url.pathname === '/endless') return void endless(res, 64 * 2 ** 20, sent);
      if (url.pathname === '/big.tgz') {
        // Sends the first 1.1 MiB (all of a.bin and some of b.bin), then holds the rest until the test releases it.
        res.writeHead(200, { 'content-type': 'application/gzip' });
        const cut = 1100 * 1024;
        res.write(big.subarray(0, cut));
        return void held.then(() => res.end(big.subarray(cut)));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'open-source-'));
    dir = path.join(work, 'src');
  });
  afterEach(() => rm(work, { recursive: true, force: true }));

  const open = { allowPrivate: true, maxBytes: 8 * 2 ** 20 };

  it('refuses loopback unless allowed, without any request reaching the server', async () => {
    const before = requests;
    for (const url of [`${base}/src.tgz`, base.replace('127.0.0.1', 'localhost') + '/src.tgz', base.replace('127.0.0.1', '[::ffff:127.0.0.1]') + '/src.tgz']) {
      const err = await openSource(url, { maxBytes: 2 ** 20 }).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(BadSourceError);
      expect((err as Error).message).toMatch(/refused|restricted/);
    }
    const toLoopback: Resolver = (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
    const byName = base.replace('127.0.0.1', 'sources.example.test') + '/src.tgz';
    await expect(openSource(byName, { maxBytes: 2 ** 20, resolve: toLoopback })).rejects.toThrow(/restricted address/);
    expect(requests).toBe(before);
  });

  it('downloads, sniffs, verifies and unpacks when allowed', async () => {
    const source = await openSource(`${base}/src.tgz`, { ...open, checksum: sha256(small) });
    expect(source.format).toBe('tar.gz');
    const out = await unpackArchive(source.stream, source.format, dir);
    expect(await readProcfile(out.root)).toEqual({ web: './run' });
  });

  it('follows redirects hop by hop, and moves URL credentials into a Basic header', async () => {
    expect((await openSource(`${base}/redirect`, open)).format).toBe('tar.gz');
    const withCreds = base.replace('http://', 'http://deploy:s3cret@') + '/private.tgz';
    const source = await openSource(withCreds, open);
    await unpackArchive(source.stream, source.format, dir);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
  });

  it('reports HTTP failures without the query string or credentials', async () => {
    const err = await openSource(base.replace('http://', 'http://deploy:s3cret@') + '/missing.tgz?X-Amz-Signature=topsecret', open).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadSourceError);
    expect((err as Error).message).toMatch(/HTTP 404/);
    expect((err as Error).message).not.toMatch(/topsecret|s3cret/);
  });

  it('refuses what is not an archive', async () => {
    await expect(openSource(`${base}/not-an-archive`, open)).rejects.toThrow(/not an archive/);
  });

  it('refuses a declared size over the cap before reading the body', async () => {
    await expect(openSource(`${base}/declared-huge`, { ...open, maxBytes: 2 ** 20 })).rejects.toThrow(/larger than 1048576 bytes/);
  });

  it('stops a download mid-stream at the size cap, and the server sees the connection dropped', async () => {
    sent.bytes = 0;
    sent.closedEarly = false;
    const source = await openSource(`${base}/endless`, { ...open, maxBytes: 2 ** 20 });
    expect(source.format).toBe('tar');
    await expect(unpackArchive(source.stream, source.format, dir, { maxBytes: 128 * 2 ** 20 })).rejects.toThrow(/larger than 1048576 bytes/);
    while (!sent.closedEarly) await new Promise((r) => setTimeout(r, 20));
    expect(sent.bytes).toBeLessThan(64 * 2 ** 20);
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails on a checksum mismatch at the end, leaving nothing to build on', async () => {
    // A small source is read whole while sniffing, so the mismatch may already fail openSource; a big one fails the unpack.
    for (const [file, body] of [['src.tgz', small], ['big.tgz', big]] as const) {
      held = Promise.resolve();
      const err = await openSource(`${base}/${file}`, { ...open, checksum: sha256(Buffer.from('other')) })
        .then((source) => unpackArchive(source.stream, source.format, dir))
        .catch((e: unknown) => e);
      expect(err, file).toBeInstanceOf(BadSourceError);
      expect((err as Error).message).toMatch(/checksum mismatch/);
      expect(body.byteLength).toBeGreaterThan(0);
    }
    expect(await readdir(dir)).toEqual([]);
    await expect(openSource(`${base}/src.tgz`, { ...open, checksum: 'md5:abc' })).rejects.toThrow(/sha256:<64 hex digits>/);
  });

  it('streams a 1.5 MiB tgz: the first file is on disk while the rest is still held by the server', async () => {
    expect(big.byteLength).toBeGreaterThan(1.5 * 2 ** 20);
    held = new Promise<void>((r) => (release = r));
    const source = await openSource(`${base}/big.tgz`, { ...open, checksum: sha256(big) });
    const unpacking = unpackArchive(source.stream, source.format, dir);
    // a.bin can only be complete on disk if the unpacker wrote it from the first part of the download.
    for (;;) {
      const st = await stat(path.join(dir, 'a.bin')).catch(() => null);
      if (st?.size === partA.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    release();
    const out = await unpacking;
    expect(out.bytes).toBe(partA.length + partB.length);
    expect(sha256(await readFile(path.join(dir, 'b.bin')))).toBe(sha256(partB));
  });
});

describe('openSource over https with a self-signed certificate', () => {
  let base: string;
  let ca: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const cert = await selfSignedCert();
    ca = cert.cert;
    const server = createHttpsServer({ cert: cert.cert, key: cert.key }, (_q, res) => res.end(small));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((r) => server.close(() => r()));
  });
  afterAll(() => close());

  it('downloads when the certificate is trusted and loopback is allowed', async () => {
    const source = await openSource(`${base}/src.tgz`, { allowPrivate: true, maxBytes: 2 ** 20, connect: { ca }, checksum: sha256(small) });
    const dir = await mkdtemp(path.join(tmpdir(), 'open-source-tls-'));
    try {
      expect((await unpackArchive(source.stream, source.format, dir)).entries).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails on an untrusted certificate, and on loopback when not allowed', async () => {
    await expect(openSource(`${base}/src.tgz`, { allowPrivate: true, maxBytes: 2 ** 20 })).rejects.toThrow(/could not fetch source/);
    await expect(openSource(`${base}/src.tgz`, { maxBytes: 2 ** 20, connect: { ca } })).rejects.toThrow(/restricted address/);
  });
});

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BadSourceError,
  fetchSource,
  packTar,
  parseProcfile,
  parseSourceUrl,
  prepareSource,
  readArchive,
  requireProcessTypes,
  sniffArchive,
  verifyChecksum,
} from './source.js';

const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('parseSourceUrl', () => {
  it('classifies docker, data and http(s) URLs', () => {
    expect(parseSourceUrl('docker://registry.example/app:1')).toEqual({ kind: 'image', image: 'registry.example/app:1' });
    expect(parseSourceUrl('data:base64,AAAA').kind).toBe('data');
    expect(parseSourceUrl('https://example.invalid/a.tgz').kind).toBe('remote');
    expect(() => parseSourceUrl('ftp://example.invalid/a.tgz')).toThrow(BadSourceError);
    expect(() => parseSourceUrl('not a url')).toThrow(BadSourceError);
  });
});

describe('fetchSource', () => {
  let base = '';
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/ok')) res.end('archive-bytes');
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads over http and decodes data: URIs (including the spec\'s data:base64 form)', async () => {
    expect(Buffer.from(await fetchSource(parseSourceUrl(`${base}/ok`))).toString()).toBe('archive-bytes');
    const b64 = Buffer.from('pushed').toString('base64');
    expect(Buffer.from(await fetchSource(parseSourceUrl(`data:base64,${b64}`))).toString()).toBe('pushed');
    expect(Buffer.from(await fetchSource(parseSourceUrl(`data:application/zip;base64,${b64}`))).toString()).toBe('pushed');
  });
  it('fails clearly on HTTP errors and unreachable hosts without echoing query strings', async () => {
    await expect(fetchSource(parseSourceUrl(`${base}/missing?token=s3cr3t`))).rejects.toThrow(/HTTP 404/);
    const err = await fetchSource(parseSourceUrl(`${base}/missing?token=s3cr3t`)).catch((e: Error) => e);
    expect((err as Error).message).not.toContain('s3cr3t');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(fetchSource(parseSourceUrl(`http://user:pw@127.0.0.1:${port}/x.tgz`))).rejects.toThrow(/could not fetch source from http:\/\/127\.0\.0\.1:\d+\/x\.tgz: ECONNREFUSED/);
  });
  it('enforces the size limit', async () => {
    await expect(fetchSource(parseSourceUrl(`${base}/ok`), { maxBytes: 3 })).rejects.toThrow(/larger than 3 bytes/);
  });
});

describe('verifyChecksum', () => {
  it('accepts the right digest and reports a mismatch', () => {
    const bytes = Buffer.from('hello');
    expect(() => verifyChecksum(bytes, sha(bytes).toUpperCase().replace('SHA256', 'sha256'))).not.toThrow();
    expect(() => verifyChecksum(bytes, sha(Buffer.from('other')))).toThrow(/checksum mismatch/);
    expect(() => verifyChecksum(bytes, 'md5:abc')).toThrow(BadSourceError);
  });
});

describe('archives', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'slipway-src-'));
    const root = join(dir, 'proj-1234');
    mkdirSync(join(root, 'deep', 'x'.repeat(60), 'y'.repeat(60)), { recursive: true });
    writeFileSync(join(root, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(root, 'Procfile'), 'web: httpd -f\nworker: sh -c "sleep 1"\n');
    writeFileSync(join(root, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(root, 'deep', 'x'.repeat(60), 'y'.repeat(60), 'long.txt'), 'long');
    symlinkSync('run.sh', join(root, 'link'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expectProject = (bytes: Uint8Array) => {
    const prepared = prepareSource(bytes);
    expect(prepared.processTypes).toEqual({ web: 'httpd -f', worker: 'sh -c "sleep 1"' });
    const entries = readArchive(prepared.tar);
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(Buffer.from(byName.get('Dockerfile')!.data).toString()).toBe('FROM scratch\n');
    expect(byName.get('run.sh')!.mode & 0o111).not.toBe(0);
    expect(byName.get('link')).toMatchObject({ type: 'symlink', linkname: 'run.sh' });
    expect(Buffer.from(byName.get(`deep/${'x'.repeat(60)}/${'y'.repeat(60)}/long.txt`)!.data).toString()).toBe('long');
    // The system tar must read what packTar wrote, long names included.
    const out = join(dir, `check-${Math.random().toString(36).slice(2)}.tar`);
    writeFileSync(out, prepared.tar);
    const listing = execFileSync('tar', ['-tf', out], { encoding: 'utf8' });
    expect(listing).toContain(`deep/${'x'.repeat(60)}/${'y'.repeat(60)}/long.txt`);
    expect(listing.split('\n')).toContain('Dockerfile');
  };

  it('reads tar.gz made by the system tar and strips the single top directory', () => {
    execFileSync('tar', ['-czf', join(dir, 'p.tgz'), '-C', dir, 'proj-1234']);
    const bytes = readFileSync(join(dir, 'p.tgz'));
    expect(sniffArchive(bytes)).toBe('tar.gz');
    expectProject(bytes);
  });
  it('reads plain tar', () => {
    execFileSync('tar', ['-cf', join(dir, 'p.tar'), '-C', join(dir, 'proj-1234'), '.']);
    const bytes = readFileSync(join(dir, 'p.tar'));
    expect(sniffArchive(bytes)).toBe('tar');
    expectProject(bytes);
  });
  it('reads zip made by python\'s zipfile (deflated, with unix modes and symlinks)', () => {
    const zip = join(dir, 'p.zip');
    execFileSync('python3', [
      '-c',
      `import os,sys,zipfile,stat
root=sys.argv[1]
with zipfile.ZipFile(sys.argv[2],'w',zipfile.ZIP_DEFLATED) as z:
  for d,ds,fs in os.walk(root):
    for f in fs:
      p=os.path.join(d,f); a=os.path.relpath(p,os.path.dirname(root))
      if os.path.islink(p):
        i=zipfile.ZipInfo(a); i.create_system=3; i.external_attr=(stat.S_IFLNK|0o777)<<16; z.writestr(i,os.readlink(p))
      else: z.write(p,a)`,
      join(dir, 'proj-1234'),
      zip,
    ]);
    const bytes = readFileSync(zip);
    expect(sniffArchive(bytes)).toBe('zip');
    expectProject(bytes);
  });
  it('rejects what is not an archive, a gzip of junk, a missing Dockerfile and escaping paths', () => {
    expect(() => prepareSource(Buffer.from('just text, not an archive'))).toThrow(/not an archive/);
    expect(() => prepareSource(gzipSync(Buffer.from('junk')))).toThrow(/not a tar archive/);
    expect(() => prepareSource(packTar([{ name: 'README', data: Buffer.from('x') }]))).toThrow(/no Dockerfile/);
    expect(() => prepareSource(packTar([{ name: '../evil', data: Buffer.from('x') }]))).toThrow(/escapes/);
  });
});

describe('Procfile', () => {
  it('parses types and rejects malformed lines with their number', () => {
    expect(parseProcfile('# c\n\nweb: npm start\nworker:  node w.js  \n')).toEqual({ web: 'npm start', worker: 'node w.js' });
    expect(() => parseProcfile('web: a\n: no type\n')).toThrow(/line 2: missing process type/);
    expect(() => parseProcfile('web\n')).toThrow(/line 1/);
    expect(() => parseProcfile('web:\n')).toThrow(/has no command/);
    expect(() => parseProcfile('web: a\nweb: b\n')).toThrow(/declared twice/);
  });
  it('reports formation types the Procfile lacks', () => {
    expect(() => requireProcessTypes({ web: 'x' }, ['web', 'worker'])).toThrow(/no process type "worker"/);
    expect(() => requireProcessTypes({}, ['web'])).not.toThrow();
  });
});

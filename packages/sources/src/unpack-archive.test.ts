import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BadSourceError, type SourceFormat } from '@slipway/core';
import { packTar } from '@slipway/testkit';
import { zipSync, type Zippable } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSource } from './open-source.js';
import { parseProcfile, readProcfile } from './procfile.js';
import { unpackArchive } from './unpack-archive.js';
import { streamingSourceFetcher } from './source-fetcher.js';

/** A source handed over as a data: URI, so these tests exercise openSource's sniffing too. */
const dataUrl = (bytes: Uint8Array) => `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;

async function unpackBytes(bytes: Uint8Array, dir: string, limits: { maxBytes?: number; maxEntries?: number } = {}) {
  const source = await openSource(dataUrl(bytes), { maxBytes: 64 * 2 ** 20 });
  return { format: source.format, result: await unpackArchive(source.stream, source.format, dir, limits) };
}

/** packTar writes no hard links: write a symlink header and turn it into one (type flag '1'), fixing the checksum. */
function withHardLinks(tar: Uint8Array, names: string[]): Uint8Array {
  const buf = Buffer.from(tar);
  for (let off = 0; off + 512 <= buf.length; off += 512) {
    const name = buf.toString('utf8', off, off + 100).replace(/\0.*$/s, '');
    if (!names.includes(name) || buf[off + 156] !== 0x32) continue;
    buf[off + 156] = 0x31;
    buf.fill(32, off + 148, off + 156);
    let sum = 0;
    for (let i = off; i < off + 512; i++) sum += buf[i]!;
    buf.write(`${sum.toString(8).padStart(6, '0')}\0 `, off + 148, 'latin1');
  }
  return buf;
}

const unixLink = (target: string): [Uint8Array, { os: number; attrs: number }] => [Buffer.from(target), { os: 3, attrs: 0o120777 * 65536 }];

describe('unpackArchive', () => {
  let work: string;
  let dir: string;
  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'sources-test-'));
    dir = path.join(work, 'out');
  });
  afterEach(() => rm(work, { recursive: true, force: true }));

  const sample = [
    { name: 'Dockerfile', data: Buffer.from('FROM scratch\n') },
    { name: 'Procfile', data: Buffer.from('web: ./server\nworker: ./jobs --queue=default\n') },
    { name: 'bin', type: 'dir' as const },
    { name: 'bin/run', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
    { name: 'current', type: 'symlink' as const, linkname: 'bin/run' },
  ];

  it.each<[SourceFormat, () => Uint8Array]>([
    ['tar', () => packTar(sample)],
    ['tar.gz', () => gzipSync(packTar(sample))],
    [
      'zip',
      () =>
        zipSync({
          Dockerfile: Buffer.from('FROM scratch\n'),
          Procfile: Buffer.from('web: ./server\nworker: ./jobs --queue=default\n'),
          bin: { run: [Buffer.from('#!/bin/sh\n'), { os: 3, attrs: 0o100755 * 65536 }] },
          current: unixLink('bin/run'),
        } as Zippable),
    ],
  ])('unpacks a %s with files, directories, modes and an inside symlink, and reads its Procfile', async (format, make) => {
    const { format: sniffed, result } = await unpackBytes(make(), dir);
    expect(sniffed).toBe(format);
    expect(result.root).toBe(dir);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(await readlink(path.join(dir, 'current'))).toBe('bin/run');
    expect(await readFile(path.join(dir, 'current'), 'utf8')).toBe('#!/bin/sh\n');
    expect(await readProcfile(result.root)).toEqual({ web: './server', worker: './jobs --queue=default' });
    expect(result.bytes).toBeGreaterThan(0);
  });

  it('looks through a single enclosing directory, as GitHub archives have', async () => {
    const tar = packTar([{ name: 'repo-abc123', type: 'dir' }, { name: 'repo-abc123/Dockerfile', data: Buffer.from('FROM x') }, { name: 'repo-abc123/Procfile', data: Buffer.from('web: a') }]);
    const { result } = await unpackBytes(gzipSync(tar), dir);
    expect(result.root).toBe(path.join(dir, 'repo-abc123'));
    expect(await readProcfile(result.root)).toEqual({ web: 'a' });
  });

  describe.each<[string, (entries: Parameters<typeof packTar>[0]) => Uint8Array]>([
    ['tar', (e) => withHardLinks(packTar(e), ['hard'])],
    ['tar.gz', (e) => gzipSync(withHardLinks(packTar(e), ['hard']))],
  ])('hostile %s entries', (_f, make) => {
    it.each<[string, Parameters<typeof packTar>[0], RegExp]>([
      ['a ../ path', [{ name: 'ok.txt', data: Buffer.from('x') }, { name: '../evil.txt', data: Buffer.from('pwned') }], /escapes the archive root/],
      ['a nested ../ path', [{ name: 'a/../../evil.txt', data: Buffer.from('pwned') }], /escapes the archive root/],
      ['an absolute path', [{ name: '/tmp/evil.txt', data: Buffer.from('pwned') }], /absolute path/],
      ['a symlink to an absolute path', [{ name: 'passwd', type: 'symlink', linkname: '/etc/passwd' }], /points outside/],
      ['a symlink climbing out', [{ name: 'sub', type: 'dir' }, { name: 'sub/up', type: 'symlink', linkname: '../../..' }], /points outside/],
      ['a hard link out', [{ name: 'hard', type: 'symlink', linkname: '../outside' }], /points outside/],
      ['a hard link to a non-entry', [{ name: 'hard', type: 'symlink', linkname: 'etc/passwd' }], /not a file of the archive/],
    ])('refuses %s and leaves nothing behind', async (_what, entries, message) => {
      const err = await unpackBytes(make(entries), dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadSourceError);
      expect((err as Error).message).toMatch(message);
      expect(await readdir(dir)).toEqual([]);
      expect(existsSync(path.join(work, 'evil.txt'))).toBe(false);
    });
  });

  it('writes hard links to entries of the archive', async () => {
    const tar = withHardLinks(packTar([{ name: 'a.txt', data: Buffer.from('same') }, { name: 'hard', type: 'symlink', linkname: 'a.txt' }]), ['hard']);
    await unpackBytes(tar, dir);
    expect(await readFile(path.join(dir, 'hard'), 'utf8')).toBe('same');
  });

  it('refuses writing through a symlink that stays inside on its own', async () => {
    const tar = packTar([{ name: 'sub', type: 'dir' }, { name: 'link', type: 'symlink', linkname: 'sub' }, { name: 'link/file.txt', data: Buffer.from('through') }]);
    await expect(unpackBytes(tar, dir)).rejects.toBeInstanceOf(BadSourceError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a tar.gz bomb by its unpacked size, before writing the big entry', async () => {
    const bomb = gzipSync(packTar([{ name: 'zeros', data: Buffer.alloc(16 * 2 ** 20) }]));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    await expect(unpackBytes(bomb, dir, { maxBytes: 2 ** 20 })).rejects.toThrow(/unpacks to more than 1048576 bytes/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses more entries than allowed', async () => {
    const many = packTar(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })));
    await expect(unpackBytes(many, dir, { maxEntries: 10 })).rejects.toThrow(/more than 10 entries/);
  });

  describe('hostile zip entries', () => {
    it.each<[string, Zippable, RegExp]>([
      ['a ../ path', { 'ok.txt': Buffer.from('x'), '../evil.txt': Buffer.from('pwned') }, /relative path|escapes/],
      ['an absolute path', { '/tmp/evil.txt': Buffer.from('pwned') }, /absolute path/],
      ['a backslash ../ path', { '..\\evil.txt': Buffer.from('pwned') }, /escapes|invalid/],
      ['a symlink to an absolute path', { passwd: unixLink('/etc/passwd') } as Zippable, /points outside/],
      ['a symlink climbing out', { sub: { up: unixLink('../..') } } as Zippable, /points outside/],
      ['a write through a symlink', { sub: { 'a.txt': Buffer.from('a') }, link: unixLink('sub'), 'link/b.txt': Buffer.from('b') } as Zippable, /not a directory/],
    ])('refuses %s and leaves nothing behind', async (_what, files, message) => {
      const err = await unpackBytes(zipSync(files), dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadSourceError);
      expect((err as Error).message).toMatch(message);
      expect(await readdir(dir)).toEqual([]);
      expect(existsSync(path.join(work, 'evil.txt'))).toBe(false);
    });

    it('refuses a zip bomb entry by its declared size', async () => {
      const bomb = zipSync({ 'zeros.bin': Buffer.alloc(16 * 2 ** 20) }, { level: 9 });
      expect(bomb.byteLength).toBeLessThan(64 * 1024);
      await expect(unpackBytes(bomb, dir, { maxBytes: 2 ** 20 })).rejects.toThrow(/unpacks to more than 1048576 bytes/);
      expect(await readdir(dir)).toEqual([]);
    });

    it('refuses an entry that inflates past the size its header declares', async () => {
      const zip = Buffer.from(zipSync({ 'a.bin': Buffer.alloc(100_000, 1) }, { level: 9 }));
      // Shrink the declared uncompressed size (local header offset 22, central directory offset 24) to 10 bytes.
      zip.writeUInt32LE(10, 22);
      const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      zip.writeUInt32LE(10, cd + 24);
      await expect(unpackBytes(zip, dir)).rejects.toBeInstanceOf(BadSourceError);
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('refuses a non-empty target', async () => {
    await rm(dir, { recursive: true, force: true });
    await (await import('node:fs/promises')).mkdir(dir);
    await writeFile(path.join(dir, 'left-over'), 'x');
    await expect(unpackBytes(packTar(sample), dir)).rejects.toThrow(/not empty/);
  });

  it('the SourceFetcher port unpacks and reads the Procfile in one call', async () => {
    const fetcher = streamingSourceFetcher();
    const tar = gzipSync(packTar(sample));
    const checksum = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
    const source = await fetcher.fetch(dataUrl(tar), { checksum });
    expect(source.format).toBe('tar.gz');
    const unpacked = await fetcher.unpack(source, dir, { maxBytes: 2 ** 20 });
    expect(unpacked).toMatchObject({ root: dir, entries: 5, processTypes: { web: './server' } });
  });

  it('fails the unpack on a checksum mismatch and removes what it wrote', async () => {
    const tar = packTar([{ name: 'Dockerfile', data: randomBytes(4096) }]);
    const source = await openSource(dataUrl(tar), { maxBytes: 2 ** 20, checksum: `sha256:${'0'.repeat(64)}` });
    await expect(unpackArchive(source.stream, source.format, dir)).rejects.toThrow(/checksum mismatch/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('Procfile', () => {
  it('keeps core parseProcfile rules', () => {
    expect(parseProcfile('# c\n\nweb: npm start\r\nworker:  node w.js  \n')).toEqual({ web: 'npm start', worker: 'node w.js' });
    expect(() => parseProcfile('web npm start')).toThrow(/line 1: missing process type/);
    expect(() => parseProcfile('Web: x')).toThrow(/invalid process type "Web"/);
    expect(() => parseProcfile('web:')).toThrow(/has no command/);
    expect(() => parseProcfile('web: a\nweb: b')).toThrow(/line 2: process type "web" is declared twice/);
  });

  it('is empty without a Procfile and refuses a symlinked one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'procfile-'));
    try {
      expect(await readProcfile(dir)).toEqual({});
      await symlink('/etc/hostname', path.join(dir, 'Procfile'));
      await expect(readProcfile(dir)).rejects.toThrow(/regular file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

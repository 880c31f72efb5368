import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BadSourceError, type FetchedSource, type SourceFetcher } from '@slipway/core';
import { packTar } from './test-archives.js';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** What a SourceFetcher supports; the contract runs the matching cases. */
export interface SourceFetcherCapabilities {
  /** Zip archives are accepted besides tar and tar.gz. */
  zip: boolean;
}

const dataUrl = (bytes: Uint8Array) => `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;
const files = { Dockerfile: 'FROM scratch\n', Procfile: 'web: ./run\nworker: ./work\n' };
const tarOf = (entries: Record<string, string>, prefix = '') => packTar(Object.entries(entries).map(([name, data]) => ({ name: prefix + name, data: Buffer.from(data) })));

/** Reads a fetched source whole when it fails early; unpack failures are the other place a bad source may surface. */
async function fetchAndUnpack(fetcher: SourceFetcher, url: string, dir: string, opts: Parameters<SourceFetcher['fetch']>[1] = {}, limits = {}) {
  const source: FetchedSource = await fetcher.fetch(url, opts);
  return fetcher.unpack(source, dir, limits);
}

/**
 * The SourceFetcher contract, on `data:` URIs so it needs no network: every supported format unpacks with its
 * Procfile read, a single enclosing directory is looked through, and checksum mismatches, size caps, path
 * traversal and non-archives fail with a BadSourceError that leaves the target directory empty.
 */
export function sourceFetcherContract(name: string, makeFetcher: () => SourceFetcher, capabilities: SourceFetcherCapabilities): void {
  describe(`SourceFetcher contract: ${name}`, () => {
    let work: string;
    let dir: string;
    let fetcher: SourceFetcher;
    beforeEach(async () => {
      work = await mkdtemp(join(tmpdir(), 'source-contract-'));
      dir = join(work, 'src');
      fetcher = makeFetcher();
    });
    afterEach(() => rm(work, { recursive: true, force: true }));

    const formats: Array<[string, () => Uint8Array]> = [
      ['tar', () => tarOf(files)],
      ['tar.gz', () => gzipSync(tarOf(files))],
      ...(capabilities.zip ? ([['zip', () => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])))]] as Array<[string, () => Uint8Array]>) : []),
    ];

    it.each(formats)('fetches and unpacks a %s with a matching checksum', async (format, make) => {
      const bytes = make();
      const source = await fetcher.fetch(dataUrl(bytes), { checksum: `sha256:${createHash('sha256').update(bytes).digest('hex')}` });
      expect(source.format).toBe(format);
      const out = await fetcher.unpack(source, dir);
      expect(out.root).toBe(dir);
      expect(out.processTypes).toEqual({ web: './run', worker: './work' });
      expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(files.Dockerfile);
    });

    it('looks through a single enclosing directory', async () => {
      const out = await fetchAndUnpack(fetcher, dataUrl(gzipSync(tarOf(files, 'repo-1234/'))), dir);
      expect(out.root).toBe(join(dir, 'repo-1234'));
      expect(out.processTypes.web).toBe('./run');
    });

    it('fails a checksum mismatch and leaves nothing to build on', async () => {
      const err = await fetchAndUnpack(fetcher, dataUrl(gzipSync(tarOf(files))), dir, { checksum: `sha256:${'a'.repeat(64)}` }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadSourceError);
      expect((err as Error).message).toMatch(/checksum/);
      expect(existsSync(dir) ? await readdir(dir) : []).toEqual([]);
    });

    it('fails a source over the download cap', async () => {
      const big = tarOf({ Dockerfile: 'x'.repeat(64 * 1024) });
      await expect(fetchAndUnpack(fetcher, dataUrl(big), dir, { maxBytes: 4096 })).rejects.toBeInstanceOf(BadSourceError);
    });

    it('fails an archive that unpacks past the unpack cap', async () => {
      const bomb = gzipSync(tarOf({ zeros: '\0'.repeat(4 * 2 ** 20) }));
      await expect(fetchAndUnpack(fetcher, dataUrl(bomb), dir, {}, { maxBytes: 2 ** 20 })).rejects.toBeInstanceOf(BadSourceError);
      expect(await readdir(dir)).toEqual([]);
    });

    it('refuses path traversal and writes nothing outside', async () => {
      const evil = tarOf({ Dockerfile: 'FROM x', '../evil.txt': 'pwned' });
      await expect(fetchAndUnpack(fetcher, dataUrl(evil), dir)).rejects.toBeInstanceOf(BadSourceError);
      expect(existsSync(join(work, 'evil.txt'))).toBe(false);
      expect(await readdir(dir)).toEqual([]);
    });

    it('refuses what is not an archive', async () => {
      await expect(fetcher.fetch(dataUrl(Buffer.from('just text, not an archive'.repeat(40))))).rejects.toBeInstanceOf(BadSourceError);
    });
  });
}

import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BadSourceError } from '@slipway/core';
import yauzl from 'yauzl';
import { EntryWriter } from './entry-writer.js';
import type { UnpackCounts, UnpackLimitsResolved } from './unpack-limits.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    // validateEntrySizes: an entry that inflates to more than its header says fails (bombs with lying headers).
    yauzl.open(file, { lazyEntries: true, autoClose: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => {
      if (err) return reject(err);
      // yauzl may report a size mismatch after the writer already failed the entry: the first error is the one kept.
      s.on('error', () => undefined);
      resolve(s);
    }),
  );
}

/** Reads a (small) entry whole, failing past `max` bytes: symlink targets are a path, not a payload. */
async function readSmall(stream: Readable, max: number, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > max) throw new BadSourceError(`archive link "${name}" has an oversized target`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Iterates the entries of an open zip one at a time (lazyEntries), ending on the central directory's end. */
async function* entriesOf(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const next = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry) => (cleanup(), resolve(e));
      const onEnd = () => (cleanup(), resolve(null));
      const onError = (err: Error) => (cleanup(), reject(err));
      const cleanup = () => zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}

/**
 * Extracts a zip with yauzl@3. Zip's directory is at the end, so the stream is spooled to a temp file first
 * (its size cap and checksum are enforced while spooling, before anything is extracted). Entries are vetted
 * by the EntryWriter (names, link targets, declared sizes against the caps) before they are written.
 */
export async function unpackZip(stream: AsyncIterable<Uint8Array>, dir: string, limits: UnpackLimitsResolved): Promise<UnpackCounts> {
  const spool = await mkdtemp(path.join(tmpdir(), 'slipway-zip-'));
  const file = path.join(spool, 'source.zip');
  const writer = new EntryWriter(dir, limits);
  let zip: yauzl.ZipFile | null = null;
  try {
    await pipeline(stream, createWriteStream(file));
    zip = await openZip(file);
    if (zip.entryCount > limits.maxEntries) throw new BadSourceError(`source archive has more than ${limits.maxEntries} entries`);
    for await (const entry of entriesOf(zip)) {
      const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
      const kind = entry.fileName.endsWith('/') || (mode & S_IFMT) === S_IFDIR ? 'dir' : (mode & S_IFMT) === S_IFLNK ? 'link' : 'file';
      if (kind === 'dir') {
        await writer.dir(entry.fileName);
      } else if (kind === 'link') {
        await writer.symlink(entry.fileName, await readSmall(await openEntry(zip, entry), 4096, entry.fileName));
      } else {
        // The declared size is checked before inflating; the writer and validateEntrySizes hold the bytes to it.
        await writer.file(entry.fileName, await openEntry(zip, entry), entry.uncompressedSize, (mode & 0o111) !== 0);
      }
    }
    return writer.counts;
  } finally {
    zip?.close();
    await rm(spool, { recursive: true, force: true });
  }
}

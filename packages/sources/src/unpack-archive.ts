import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SourceFormat } from '@slipway/core';
import { toDomainError } from './errors.js';
import { DEFAULT_MAX_ENTRIES, DEFAULT_MAX_UNPACKED_BYTES } from './unpack-limits.js';
import { unpackTar } from './unpack-tar.js';
import { unpackZip } from './unpack-zip.js';

/** Options of `unpackArchive`. */
export interface UnpackArchiveOptions {
  /** Unpacked file bytes at most (decompression bombs fail here); default 1 GiB. */
  maxBytes?: number;
  /** Entries at most; default 100 000. */
  maxEntries?: number;
}

/** What `unpackArchive` wrote. */
export interface UnpackedArchive {
  /** The source root: `dir`, or its only entry when that is a directory (GitHub archives have one). */
  root: string;
  /** Entries written (files, directories, links). */
  entries: number;
  /** File bytes written. */
  bytes: number;
}

/** The root of an unpacked source: a single enclosing directory is looked through, as `prepareSource` does. */
async function sourceRoot(dir: string): Promise<string> {
  const names = await readdir(dir);
  if (names.length !== 1) return dir;
  const only = path.join(dir, names[0]!);
  return (await lstat(only)).isDirectory() ? only : dir;
}

/**
 * Unpacks a tar, tar.gz or zip stream into `dir` (created if missing; it must be empty), refusing path
 * traversal, absolute paths, links that lead outside, devices, and more than `maxBytes`/`maxEntries`. On any
 * failure, the stream's own (size cap, checksum mismatch) included, `dir` is emptied again and a BadSourceError
 * says why, so nothing is ever built on a partial or unverified source.
 */
export async function unpackArchive(stream: AsyncIterable<Uint8Array>, format: SourceFormat, dir: string, options: UnpackArchiveOptions = {}): Promise<UnpackedArchive> {
  const limits = { maxBytes: options.maxBytes ?? DEFAULT_MAX_UNPACKED_BYTES, maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES };
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length) throw new Error(`unpack target ${dir} is not empty`);
  try {
    const counts = format === 'zip' ? await unpackZip(stream, dir, limits) : await unpackTar(stream, format === 'tar.gz', dir, limits);
    return { root: await sourceRoot(dir), ...counts };
  } catch (err) {
    for (const name of await readdir(dir)) await rm(path.join(dir, name), { recursive: true, force: true });
    throw toDomainError(err, 'source archive');
  }
}

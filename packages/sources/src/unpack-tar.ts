import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { BadSourceError } from '@slipway/core';
import { Parser, type ReadEntry } from 'tar';
import { EntryWriter } from './entry-writer.js';
import type { UnpackCounts, UnpackLimitsResolved } from './unpack-limits.js';

/** Fails a byte stream past `max` bytes (the decompressed tar: headers and padding beyond the file bytes). */
function byteCap(max: number, what: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      seen += chunk.length;
      cb(seen > max ? what() : null, chunk);
    },
  });
}

/** Writes one parsed entry; devices, FIFOs and unknown types are no part of a build context and are skipped. */
async function writeEntry(writer: EntryWriter, entry: ReadEntry): Promise<void> {
  const name = String(entry.path);
  switch (entry.type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return writer.file(name, entry as unknown as AsyncIterable<Uint8Array>, entry.size ?? 0, ((entry.mode ?? 0) & 0o111) !== 0);
    case 'Directory':
      entry.resume();
      return writer.dir(name);
    case 'SymbolicLink':
      entry.resume();
      return writer.symlink(name, String(entry.linkpath ?? ''));
    case 'Link':
      entry.resume();
      return writer.hardlink(name, String(entry.linkpath ?? ''));
    default:
      entry.resume();
  }
}

/**
 * Reads a tar (or a tar.gz, gunzipped by a zlib stream on the thread pool, not on the event loop) with tar@7's
 * parser and writes each entry through the EntryWriter, one at a time. On the first bad entry, cap or stream
 * error the read stops, the write in progress is torn down and awaited, and the error is thrown.
 */
export async function unpackTar(stream: AsyncIterable<Uint8Array>, gzipped: boolean, dir: string, limits: UnpackLimitsResolved): Promise<UnpackCounts> {
  const stop = new AbortController();
  const writer = new EntryWriter(dir, limits, stop.signal);
  let failed: unknown = null;
  let writes: Promise<void> = Promise.resolve();
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      writes = writes.then(async () => {
        if (failed) return void entry.resume();
        try {
          await writeEntry(writer, entry);
        } catch (err) {
          failed ??= err;
          entry.resume();
          parser.abort(err as Error);
        }
      });
    },
  });
  // Headers, pax records and padding add to the file bytes; a stream past this much is not a build context.
  const tarCap = limits.maxBytes + (limits.maxEntries + 2) * 3 * 512 + 2 ** 20;
  const cap = byteCap(tarCap, () => new BadSourceError(`source archive unpacks to more than ${limits.maxBytes} bytes`));
  try {
    await (gzipped ? pipeline(stream, createGunzip(), cap, parser as unknown as NodeJS.WritableStream) : pipeline(stream, cap, parser as unknown as NodeJS.WritableStream));
  } catch (err) {
    failed ??= err;
    // The entry being written waits for bytes that will not come: abort its write so the chain settles.
    stop.abort(err);
  }
  await writes;
  if (failed) throw failed;
  return writer.counts;
}

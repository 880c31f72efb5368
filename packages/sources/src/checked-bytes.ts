import { createHash } from 'node:crypto';
import { BadSourceError } from '@slipway/core';

/** Parses a `sha256:<64 hex>` checksum into lower-case hex, failing before any download when it is malformed. */
export function parseChecksum(checksum: string): string {
  const m = /^sha256:([0-9a-fA-F]{64})$/.exec(checksum.trim());
  if (!m) throw new BadSourceError('checksum must look like sha256:<64 hex digits>', 'checksum');
  return m[1]!.toLowerCase();
}

/**
 * Passes chunks through, failing as soon as more than `maxBytes` went by, and (with `sha256`) failing at the end
 * when the bytes do not match: a consumer that sees the stream end without error has the exact, whole source.
 */
export async function* checkedBytes(chunks: AsyncIterable<Uint8Array>, opts: { maxBytes: number; sha256?: string; shown: string; mapError: (err: unknown) => Error }): AsyncGenerator<Uint8Array> {
  const hash = opts.sha256 ? createHash('sha256') : null;
  let total = 0;
  try {
    for await (const chunk of chunks) {
      total += chunk.byteLength;
      if (total > opts.maxBytes) throw new BadSourceError(`source at ${opts.shown} is larger than ${opts.maxBytes} bytes`, 'url');
      hash?.update(chunk);
      yield chunk;
    }
  } catch (err) {
    throw opts.mapError(err);
  }
  if (hash) {
    const actual = hash.digest('hex');
    if (actual !== opts.sha256) throw new BadSourceError(`checksum mismatch: expected sha256:${opts.sha256}, got sha256:${actual}`, 'checksum');
  }
}

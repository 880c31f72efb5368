import type { SourceFormat } from '@slipway/core';

/** Bytes `sniffFormat` needs at most: tar's `ustar` magic sits at offset 257. */
export const SNIFF_BYTES = 512;

/** Tells tar, gzip (taken as tar.gz) and zip apart by their leading bytes; null when it is none of them. */
export function sniffFormat(head: Uint8Array): SourceFormat | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) return 'zip';
  if (head.length >= 262 && Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar') return 'tar';
  return null;
}

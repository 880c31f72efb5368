import { BadSourceError } from '@slipway/core';

/**
 * Decodes a `data:` URI (pushed code). Base64 is recognised in any position of the metadata, as the spec's own
 * example writes `data:base64,...`. The URI is in memory already; the cap is checked before decoding.
 */
export function decodeDataUrl(url: string, maxBytes: number): Buffer {
  const comma = url.indexOf(',');
  if (comma < 0) throw new BadSourceError('data: URI has no comma separating its data', 'url');
  const meta = url.slice('data:'.length, comma).split(';');
  const payload = url.slice(comma + 1);
  const base64 = meta.includes('base64');
  const estimate = base64 ? Math.floor((payload.length * 3) / 4) - 2 : payload.length / 3;
  if (estimate > maxBytes) throw new BadSourceError(`data: URI source is larger than ${maxBytes} bytes`, 'url');
  let bytes: Buffer;
  try {
    bytes = base64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'latin1');
  } catch {
    throw new BadSourceError('data: URI is not valid percent-encoding', 'url');
  }
  if (bytes.byteLength > maxBytes) throw new BadSourceError(`data: URI source is larger than ${maxBytes} bytes`, 'url');
  return bytes;
}

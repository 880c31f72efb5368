import type { Context } from 'koa';
import { BadRequestError } from '@slipway/core';

/** Largest request body accepted (1 MiB); source blobs travel by URL, not in API bodies. */
export const MAX_BODY = 1024 * 1024;

/** Reads and parses a JSON request body; empty = `{}`; malformed or oversized -> 400 naming `body`. */
export async function readJson(ctx: Context): Promise<unknown> {
  const text = (await readRaw(ctx, MAX_BODY)).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('The request body is not valid JSON.', 'body');
  }
}

/** Reads a request body's bytes as sent; past `maxBytes` -> 413 without reading the rest. */
export async function readRaw(ctx: Context, maxBytes: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > maxBytes) throw Object.assign(new Error(`Request body exceeds ${maxBytes} bytes`), { status: 413 });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw Object.assign(new Error(`Request body exceeds ${maxBytes} bytes`), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

import type { Context } from 'koa';
import { BadRequestError } from '@slipway/core';

/** Largest request body accepted (1 MiB); source blobs travel by URL, not in API bodies. */
export const MAX_BODY = 1024 * 1024;

/** Reads and parses a JSON request body; empty = `{}`; malformed or oversized -> 400 naming `body`. */
export async function readJson(ctx: Context): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error(`Request body exceeds ${MAX_BODY} bytes`), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('The request body is not valid JSON.', 'body');
  }
}

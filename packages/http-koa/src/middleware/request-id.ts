import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';

const SAFE = /^[A-Za-z0-9._-]{1,128}$/;

/** Gives every response a `Request-Id` (the caller's when it sent a sane one). */
export async function requestId(ctx: Context, next: Next): Promise<void> {
  const incoming = ctx.get('request-id');
  const id = SAFE.test(incoming) ? incoming : randomUUID();
  ctx.state.requestId = id;
  ctx.set('Request-Id', id);
  await next();
}

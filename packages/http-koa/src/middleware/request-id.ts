import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';

/** What a caller's id may look like: short, and nothing a log line or a header could be split or spoofed with. */
const SAFE = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Gives every response a `Request-Id`: the caller's when it sent a sane `Request-Id` or `X-Request-Id` (proxies and
 * tracing tools send the latter), a fresh UUID otherwise. A caller that sent `X-Request-Id` gets it echoed there too.
 */
export async function requestId(ctx: Context, next: Next): Promise<void> {
  const plain = ctx.get('request-id');
  const x = ctx.get('x-request-id');
  const id = SAFE.test(plain) ? plain : SAFE.test(x) ? x : randomUUID();
  ctx.state.requestId = id;
  ctx.set('Request-Id', id);
  if (x) ctx.set('X-Request-Id', id);
  await next();
}

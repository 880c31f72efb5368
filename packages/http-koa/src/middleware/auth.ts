import type { Context, Next } from 'koa';
import type { Authenticator } from '@slipway/core';
import { sendError } from './errors.js';

/** Extracts the token from `Authorization: Bearer <t>` or, for existing clients, a bare `Authorization: <t>`. */
export function tokenOf(header: string | undefined): string | null {
  if (!header) return null;
  const h = header.trim();
  const m = /^bearer\s+(.+)$/i.exec(h);
  const token = (m ? m[1]! : h).trim();
  return token || null;
}

/** Rejects requests without a valid token with a 401 JSON body; stores the principal on ctx.state. */
export function authMiddleware(auth: Authenticator, isPublic: (ctx: Context) => boolean) {
  return async function authenticate(ctx: Context, next: Next): Promise<void> {
    if (isPublic(ctx)) return next();
    const token = tokenOf(ctx.get('authorization'));
    const principal = token ? await auth.authenticate(token) : null;
    if (!principal) {
      ctx.set('WWW-Authenticate', 'Bearer');
      return sendError(ctx, 401, 'unauthorized', token ? 'The token is not valid.' : 'An Authorization header with a bearer token is required.');
    }
    ctx.state.principal = principal;
    await next();
  };
}

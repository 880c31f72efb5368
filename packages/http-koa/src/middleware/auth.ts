import type { Context } from 'koa';
import { UnauthorizedError, type Authenticator, type Principal } from '@slipway/core';

/** Extracts the token from `Authorization: Bearer <t>` or, for existing clients, a bare `Authorization: <t>`. */
export function tokenOf(header: string | undefined): string | null {
  if (!header) return null;
  const h = header.trim();
  const m = /^bearer\s+(.+)$/i.exec(h);
  const token = (m ? m[1]! : h).trim();
  return token || null;
}

/** The request's principal; a 401 (JSON body, `WWW-Authenticate: Bearer`) without a valid token. */
export async function authenticate(ctx: Context, auth: Authenticator): Promise<Principal> {
  const token = tokenOf(ctx.get('authorization'));
  const principal = token ? await auth.authenticate(token) : null;
  if (!principal) {
    ctx.set('WWW-Authenticate', 'Bearer');
    throw new UnauthorizedError(token ? 'The token is not valid.' : 'An Authorization header with a bearer token is required.');
  }
  return principal;
}

import type { Authenticator, Principal } from '../../kernel/authenticator.js';
import type { ApiTokenLookup } from './api-token-lookup.js';
import { checkApiToken, hashApiToken, isApiTokenFormat, type ApiTokenCeiling } from './api-tokens.js';

/** A principal authenticated by an issued token: the Authorizer applies the token's ceiling. */
export interface TokenPrincipal extends Principal {
  token: { id: string; ceiling?: ApiTokenCeiling };
}

/**
 * Authenticates Slipway-issued `slw_` tokens. Only hashes reach the store; the lookup is by an index on a
 * SHA-256 of 256 random bits, so its timing tells an attacker nothing about any stored token.
 */
export class IssuedTokenAuthenticator implements Authenticator {
  constructor(
    private readonly lookup: ApiTokenLookup,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The token's user, or null for a malformed, unknown, revoked or expired token. */
  async authenticate(token: string): Promise<TokenPrincipal | null> {
    if (!isApiTokenFormat(token)) return null;
    const found = await this.lookup.findByHash(hashApiToken(token));
    if (!found || found.token.user !== found.user.id) return null;
    if (!checkApiToken(found.token, this.now()).usable) return null;
    const { id, username, email, roles } = found.user;
    const ceiling = found.token.ceiling;
    return { id, username, email, roles: [...roles], token: ceiling ? { id: found.token.id, ceiling } : { id: found.token.id } };
  }
}

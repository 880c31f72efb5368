import type { Authenticator, Principal } from '../../kernel/authenticator.js';

/**
 * One Authenticator over several (e.g. issued `slw_` tokens, then OIDC JWTs): the first principal wins,
 * null when none accepts. Errors are not swallowed, so an unreachable identity provider stays a 503.
 */
export class AuthenticatorChain implements Authenticator {
  constructor(private readonly authenticators: readonly Authenticator[]) {}

  /** Asks each authenticator in order. */
  async authenticate(token: string): Promise<Principal | null> {
    for (const a of this.authenticators) {
      const p = await a.authenticate(token);
      if (p) return p;
    }
    return null;
  }
}

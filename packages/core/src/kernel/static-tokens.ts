import { hash, timingSafeEqual } from 'node:crypto';
import type { Authenticator, Principal } from './authenticator.js';

/** One accepted token and who it stands for. */
export interface StaticToken {
  token: string;
  principal: Principal;
}

// One-shot hashing: every request checks its token here, and a Hash object per call cost twice as much.
const digest = (s: string) => hash('sha256', s, 'buffer');

/**
 * Accepts a fixed set of tokens. Tokens are compared as SHA-256 digests with timingSafeEqual, so
 * neither the content nor the length of a valid token leaks through response timing.
 */
export class StaticTokenAuthenticator implements Authenticator {
  private readonly entries: Array<{ digest: Buffer; principal: Principal }>;

  constructor(tokens: StaticToken[]) {
    this.entries = tokens.map((t) => ({ digest: digest(t.token), principal: t.principal }));
  }

  /** Checks every entry (no early exit) and returns the matching principal. */
  async authenticate(token: string): Promise<Principal | null> {
    const d = digest(token);
    let found: Principal | null = null;
    for (const e of this.entries) if (timingSafeEqual(d, e.digest)) found = e.principal;
    return found;
  }
}

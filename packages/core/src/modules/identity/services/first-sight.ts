import type { Authenticator, Principal } from '../../../kernel/authenticator.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { TokenPrincipal } from '../issued-token-authenticator.js';

/**
 * Wraps the host's Authenticator so every principal becomes a user row the first time it is seen, and its
 * username, email and platform roles follow the identity provider. Only changes are written: a per-process
 * memo of what was last stored keeps the hot path to zero writes.
 */
export class FirstSightAuthenticator implements Authenticator {
  private readonly stored = new Map<string, string>();
  /**
   * Principals already recorded as they are, by identity: a static token answers the same (never mutated) object every
   * time, so its check costs no serialisation. An identity provider's fresh objects take the `stored` path.
   */
  private readonly current = new WeakSet<Principal>();

  constructor(
    private readonly inner: Authenticator,
    private readonly uow: UnitOfWork,
  ) {}

  /** Authenticates through the wrapped authenticator, then records the user when new or changed. */
  async authenticate(token: string): Promise<Principal | null> {
    const p = await this.inner.authenticate(token);
    // An issued token's principal is read from the user row itself: nothing to record.
    if (!p || (p as TokenPrincipal).token || this.current.has(p)) return p;
    const email = p.email.toLowerCase();
    const roles = [...p.roles].sort();
    const key = JSON.stringify([p.username, email, roles]);
    if (this.stored.get(p.id) === key) {
      this.current.add(p);
      return p;
    }
    await this.uow.run(p, async (tx) => {
      const existing = (await tx.users.byIds([p.id]))[0];
      if (existing && JSON.stringify([existing.username, existing.email, [...existing.roles].sort()]) === key) return;
      const now = new Date();
      await tx.users.upsert({ id: p.id, username: p.username, email, roles, created_at: existing?.created_at ?? now, updated_at: now });
    });
    this.stored.set(p.id, key);
    this.current.add(p);
    return p;
  }
}

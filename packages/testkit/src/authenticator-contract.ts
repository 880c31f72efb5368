import { UnauthorizedError, type Authenticator, type Principal } from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What an authenticator supports; the contract runs the cases it claims and skips none of them. */
export interface AuthenticatorCapabilities {
  /** Tokens carry an expiry that the authenticator enforces. */
  expires: boolean;
  /** A token can be revoked and is refused from then on. */
  revocable: boolean;
}

/** What the adapter's test hands the contract. */
export interface AuthenticatorFixture {
  authenticator: Authenticator;
  /** A token valid now (minted fresh when the adapter can) and the principal fields it must map to. */
  validToken(): Promise<{ token: string; principal: Partial<Principal> & Pick<Principal, 'id'> }>;
  /** A well-formed token of this authenticator's kind that it never issued (other key, other issuer, unknown secret). */
  foreignToken(): Promise<string>;
  /** A token that was valid but has expired (required when `expires`). */
  expiredToken?(): Promise<string>;
  /** Revokes a token returned by `validToken` (required when `revocable`). */
  revoke?(token: string): Promise<void>;
  /** Called once after the suite. */
  teardown?(): Promise<void>;
}

type Outcome = { kind: 'principal'; principal: Principal } | { kind: 'null' } | { kind: 'unauthorized' } | { kind: 'other'; error: unknown };

async function outcomeOf(auth: Authenticator, token: string): Promise<Outcome> {
  try {
    const p = await auth.authenticate(token);
    return p ? { kind: 'principal', principal: p } : { kind: 'null' };
  } catch (error) {
    return error instanceof UnauthorizedError ? { kind: 'unauthorized' } : { kind: 'other', error };
  }
}

/** `token` with one character in the middle changed (the end of a base64url string can hide a change in padding bits). */
function tampered(token: string): string {
  const i = Math.floor(token.length / 2);
  const c = token[i] === 'A' ? 'B' : 'A';
  return token.slice(0, i) + c + token.slice(i + 1);
}

/**
 * The behaviour every Authenticator must have. Refusals follow the port: `null` (or UnauthorizedError,
 * which the HTTP layer maps the same way), the same kind for every refusal of one adapter, never another
 * error: a bad token must be a 401, not a 500.
 */
export function authenticatorContract(name: string, factory: () => Promise<AuthenticatorFixture>, caps: AuthenticatorCapabilities): void {
  describe(`Authenticator contract: ${name}`, () => {
    let fx: AuthenticatorFixture;
    const refusals = new Set<string>();

    beforeAll(async () => {
      fx = await factory();
      if (caps.expires && !fx.expiredToken) throw new Error('the fixture claims expiring tokens but has no expiredToken()');
      if (caps.revocable && !fx.revoke) throw new Error('the fixture claims revocable tokens but has no revoke()');
    });
    afterAll(async () => {
      await fx?.teardown?.();
    });

    const expectRefused = async (token: string, what: string) => {
      const o = await outcomeOf(fx.authenticator, token);
      if (o.kind === 'other') throw new Error(`${what}: authenticate threw ${String((o as { error: unknown }).error)} instead of refusing`);
      expect(o.kind, what).not.toBe('principal');
      refusals.add(o.kind);
      expect([...refusals], 'every refusal has the same kind').toHaveLength(1);
    };

    it('maps a valid token to its principal, the same on every call', async () => {
      const { token, principal } = await fx.validToken();
      const first = await fx.authenticator.authenticate(token);
      expect(first).toMatchObject(principal);
      expect(first).toMatchObject({ id: expect.any(String), username: expect.any(String), email: expect.any(String), roles: expect.any(Array) });
      expect(first!.username.length).toBeGreaterThan(0);
      expect(await fx.authenticator.authenticate(token)).toEqual(first);
    });

    it('refuses empty, garbage and oversized tokens without throwing anything else', async () => {
      const huge = 'x'.repeat(64 * 1024);
      for (const t of ['', ' ', 'garbage', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.', 'null', '\u0000\u00ff\ud83d\ude00', huge]) await expectRefused(t, JSON.stringify(t.slice(0, 40)));
    });

    it('refuses a valid token that was tampered with, truncated or extended', async () => {
      const { token } = await fx.validToken();
      await expectRefused(tampered(token), 'tampered');
      await expectRefused(token.slice(0, -1), 'truncated');
      await expectRefused(`${token}x`, 'extended');
      await expectRefused(token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(), 'case changed');
    });

    it('refuses a well-formed token it never issued', async () => {
      await expectRefused(await fx.foreignToken(), 'foreign');
    });

    if (caps.expires) {
      it('refuses an expired token', async () => {
        await expectRefused(await fx.expiredToken!(), 'expired');
      });
    }

    if (caps.revocable) {
      it('refuses a token once it is revoked, and only that one', async () => {
        const a = await fx.validToken();
        const b = await fx.validToken();
        expect(await fx.authenticator.authenticate(a.token)).toMatchObject(a.principal);
        await fx.revoke!(a.token);
        await expectRefused(a.token, 'revoked');
        expect(await fx.authenticator.authenticate(b.token)).toMatchObject(b.principal);
      });
    }
  });
}

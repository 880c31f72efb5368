import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { apiTokenExpiry, checkApiToken, hashApiToken, isApiTokenFormat, mintApiToken, MAX_API_TOKEN_DAYS } from './api-tokens.js';
import { GrantAuthorizer } from './grant-authorizer.js';
import type { Grant } from './grants.js';

describe('issued API tokens', () => {
  it('mints distinct slw_ tokens whose hash is their SHA-256 and whose hint shows only the end', () => {
    const a = mintApiToken();
    const b = mintApiToken();
    expect(a.token).not.toBe(b.token);
    expect(a.token).toMatch(/^slw_[A-Za-z0-9_-]{43}$/);
    expect(isApiTokenFormat(a.token)).toBe(true);
    expect(a.hash).toBe(createHash('sha256').update(a.token).digest('hex'));
    expect(hashApiToken(a.token)).toBe(a.hash);
    expect(a.hint).toBe(`slw_${a.token.slice(-4)}`);
    expect(a.token.startsWith(a.hint)).toBe(false);
  });

  it('tells issued tokens from other strings', () => {
    for (const t of ['', 'slw_', 'slw_short', `SLW_${'a'.repeat(43)}`, `slw_${'a'.repeat(44)}`, 'eyJhbGciOi.x.y', `slw_${'a'.repeat(42)}!`]) {
      expect(isApiTokenFormat(t)).toBe(false);
    }
  });

  it('checks revocation and expiry against the given time', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const before = new Date(now.getTime() - 1);
    const after = new Date(now.getTime() + 1);
    expect(checkApiToken({ expires_at: null, revoked_at: null }, now)).toEqual({ usable: true });
    expect(checkApiToken({ expires_at: after, revoked_at: null }, now)).toEqual({ usable: true });
    expect(checkApiToken({ expires_at: now, revoked_at: null }, now)).toEqual({ usable: false, reason: 'expired' });
    expect(checkApiToken({ expires_at: null, revoked_at: before }, now)).toEqual({ usable: false, reason: 'revoked' });
    expect(checkApiToken({ expires_at: before, revoked_at: before }, now)).toEqual({ usable: false, reason: 'revoked' });
  });

  it('computes expiries within the allowed range only', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(apiTokenExpiry(now, 30).toISOString()).toBe('2026-07-01T00:00:00.000Z');
    for (const d of [0, -1, 1.5, MAX_API_TOKEN_DAYS + 1, Number.NaN]) expect(() => apiTokenExpiry(now, d)).toThrow(ValidationError);
  });
});

describe('GrantAuthorizer', () => {
  const stored: Grant[] = [{ user: 'u1', role: 'member', scope: 'space', scope_id: 's1' }];
  const authz = new GrantAuthorizer({ grantsOf: async (id) => stored.filter((g) => g.user === id) });
  const target = { org: 'o1', space: 's1', app: 'a1', compliance: [] };

  it('combines stored grants with platform roles and applies token ceilings', async () => {
    expect(await authz.authorize({ id: 'u1', roles: [] }, 'app:write', target)).toMatchObject({ allowed: true });
    expect(await authz.authorize({ id: 'u2', roles: [] }, 'app:read', target)).toMatchObject({ allowed: false });
    expect(await authz.authorize({ id: 'u2', roles: ['admin', 'not-a-role'] }, 'space:write', target)).toMatchObject({ allowed: true, grant: { scope: 'platform' } });
    const token = { id: 't1', ceiling: { role: 'viewer' as const, scope: 'app' as const, scope_id: 'a1' } };
    expect(await authz.authorize({ id: 'u1', roles: [], token }, 'app:read', target)).toMatchObject({ allowed: true });
    expect(await authz.authorize({ id: 'u1', roles: [], token }, 'app:write', target)).toMatchObject({ allowed: false, missing: 'app:write' });
  });
});

import { createHmac, createPublicKey } from 'node:crypto';
import { DriverUnavailableError } from '@slipway/core';
import { authenticatorContract } from '@slipway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcAuthenticator, type OidcAuthenticatorOptions } from '../src/index.js';
import { startJwksIssuer, type JwksIssuer } from './jwks-issuer.js';

const AUDIENCE = 'urn:slipway:api';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

authenticatorContract(
  'oidcAuthenticator (loopback JWKS issuer)',
  async () => {
    const idp = await startJwksIssuer();
    const auth = oidcAuthenticator({ issuer: idp.issuer, audience: AUDIENCE, clockToleranceSec: 5, userClaim: 'email', rolesClaim: 'roles' });
    return {
      authenticator: auth,
      validToken: async () => ({
        token: await idp.sign({ sub: 'u-1', aud: AUDIENCE, email: 'dev@example.test', roles: ['member'] }),
        principal: { id: 'u-1', username: 'dev@example.test', email: 'dev@example.test', roles: ['member'] },
      }),
      // Same claims, this issuer's name, but signed by a key it never published.
      foreignToken: async () => idp.sign({ sub: 'u-1', aud: AUDIENCE, email: 'dev@example.test' }, { key: await idp.strayKey() }),
      expiredToken: async () => idp.sign({ sub: 'u-1', aud: AUDIENCE, email: 'dev@example.test' }, { expSecondsFromNow: -120 }),
      teardown: () => idp.close(),
    };
  },
  { expires: true, revocable: false },
);

describe('oidcAuthenticator against a loopback JWKS issuer', () => {
  let idp: JwksIssuer;
  const reasons: string[] = [];
  const make = (extra: Partial<OidcAuthenticatorOptions> = {}) =>
    oidcAuthenticator({ issuer: idp.issuer, audience: AUDIENCE, clockToleranceSec: 30, onRejected: (r) => reasons.push(r), ...extra });
  const claims = { sub: 'u-7', aud: AUDIENCE, email: 'ci@example.test' };

  beforeAll(async () => {
    idp = await startJwksIssuer();
  });
  afterAll(() => idp.close());

  it('discovers the JWKS from the issuer and maps claims to the principal', async () => {
    const auth = make({ userClaim: 'preferred_username', rolesClaim: 'realm_access.roles' });
    const token = await idp.sign({ ...claims, preferred_username: 'ci-bot', realm_access: { roles: ['deployer', 7, 'viewer'] } });
    expect(await auth.authenticate(token)).toEqual({ id: 'u-7', username: 'ci-bot', email: 'ci@example.test', roles: ['deployer', 'viewer'] });
    expect(idp.hits.discovery).toBeGreaterThanOrEqual(1);
  });

  it('uses a configured jwksUri without discovery, and reads space-separated roles', async () => {
    const before = idp.hits.discovery;
    const auth = make({ jwksUri: idp.jwksUri, rolesClaim: 'scope' });
    expect(await auth.authenticate(await idp.sign({ ...claims, scope: 'admin  viewer' }))).toMatchObject({ id: 'u-7', username: 'u-7', roles: ['admin', 'viewer'] });
    expect(idp.hits.discovery).toBe(before);
  });

  it('refuses a token of another issuer, even one signed with this issuer\'s key', async () => {
    const auth = make();
    expect(await auth.authenticate(await idp.sign({ ...claims, iss: 'http://127.0.0.1:1/other' }))).toBeNull();
    const other = await startJwksIssuer();
    try {
      expect(await auth.authenticate(await other.sign(claims))).toBeNull();
    } finally {
      await other.close();
    }
  });

  it('refuses a token for another audience and accepts any configured one', async () => {
    expect(await make().authenticate(await idp.sign({ ...claims, aud: 'urn:other:api' }))).toBeNull();
    expect(reasons.at(-1)).toMatch(/aud/);
    const multi = make({ audience: ['urn:other:api', 'urn:third:api'] });
    expect(await multi.authenticate(await idp.sign({ ...claims, aud: ['urn:x', 'urn:third:api'] }))).toMatchObject({ id: 'u-7' });
  });

  it('accepts a token expired within the clock skew and refuses one expired beyond it', async () => {
    const auth = make({ clockToleranceSec: 30 });
    expect(await auth.authenticate(await idp.sign(claims, { expSecondsFromNow: -10 }))).toMatchObject({ id: 'u-7' });
    expect(await auth.authenticate(await idp.sign(claims, { expSecondsFromNow: -90 }))).toBeNull();
    expect(reasons.at(-1)).toBe('expired');
    const nbfFuture = await idp.sign({ ...claims, nbf: Math.floor(Date.now() / 1000) + 600 });
    expect(await auth.authenticate(nbfFuture)).toBeNull();
  });

  it('fetches the JWKS again when a token names a new kid after a rotation', async () => {
    const auth = make({ jwksCooldownSec: 0 });
    expect(await auth.authenticate(await idp.sign(claims))).toMatchObject({ id: 'u-7' });
    const fetched = idp.hits.jwks;
    const fresh = await idp.rotate(true);
    expect(await auth.authenticate(await idp.sign(claims, { key: fresh }))).toMatchObject({ id: 'u-7' });
    expect(idp.hits.jwks).toBeGreaterThan(fetched);
    expect(await auth.authenticate(await idp.sign(claims, { key: await idp.strayKey() }))).toBeNull();
  });

  it('refuses alg none and an HS256 token keyed with the issuer\'s public key', async () => {
    const auth = make();
    const now = Math.floor(Date.now() / 1000);
    const payload = { ...claims, iss: idp.issuer, iat: now, exp: now + 300 };
    expect(await auth.authenticate(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`)).toBeNull();
    const pem = createPublicKey({ key: idp.keys[0]!.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    for (const secret of [pem, JSON.stringify(idp.keys[0]!.publicJwk)]) {
      const input = `${b64({ alg: 'HS256', kid: idp.keys[0]!.kid, typ: 'JWT' })}.${b64(payload)}`;
      const forged = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      expect(await auth.authenticate(forged)).toBeNull();
    }
    expect(reasons.at(-1)).toMatch(/algorithm/);
  });

  it('refuses a token without the user claim', async () => {
    expect(await make({ userClaim: 'email' }).authenticate(await idp.sign({ sub: 'u-7', aud: AUDIENCE }))).toBeNull();
    expect(reasons.at(-1)).toBe('claim email missing');
  });

  it('reports an unreachable or inconsistent identity provider as DriverUnavailableError, not as a bad token', async () => {
    const gone = await startJwksIssuer();
    const token = await gone.sign(claims);
    await gone.close();
    const auth = oidcAuthenticator({ issuer: gone.issuer, audience: AUDIENCE, clockToleranceSec: 30, timeoutMs: 2000 });
    await expect(auth.authenticate(token)).rejects.toBeInstanceOf(DriverUnavailableError);
    // Garbage never reaches the network, so it is still a plain refusal while the provider is down.
    expect(await auth.authenticate('garbage')).toBeNull();

    const liar = await startJwksIssuer();
    try {
      liar.discoveryOverride = { issuer: 'http://127.0.0.1:1/someone-else' };
      const a = oidcAuthenticator({ issuer: liar.issuer, audience: AUDIENCE, clockToleranceSec: 30 });
      await expect(a.authenticate(await liar.sign(claims))).rejects.toBeInstanceOf(DriverUnavailableError);
      // A failed discovery is retried on the next request rather than cached.
      liar.discoveryOverride = {};
      expect(await a.authenticate(await liar.sign(claims))).toMatchObject({ id: 'u-7' });
    } finally {
      await liar.close();
    }
  });
});

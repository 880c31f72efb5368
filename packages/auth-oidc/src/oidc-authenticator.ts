import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { Authenticator, Principal } from '@slipway/core';
import { claimAt, rolesFrom } from './claims.js';
import { discoverJwksUri } from './discovery.js';
import { rejectionReason, toDomainError } from './errors.js';
import { DEFAULT_ALGORITHMS, MAX_TOKEN_LENGTH, type OidcAuthenticatorOptions } from './options.js';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Verifies JWT bearer tokens of one OIDC issuer against its JWKS. Invalid tokens (bad signature, wrong
 * issuer or audience, expired beyond the skew, disallowed algorithm, garbage) resolve to null, as the
 * Authenticator port says; an unreachable identity provider is a DriverUnavailableError.
 */
export class OidcAuthenticator implements Authenticator {
  private readonly options: OidcAuthenticatorOptions;
  private keys: Promise<KeySet> | null = null;

  constructor(options: OidcAuthenticatorOptions) {
    this.options = options;
  }

  /** The token's principal, or null when the token is not valid for this issuer and audience. */
  async authenticate(token: string): Promise<Principal | null> {
    const o = this.options;
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return this.reject('malformed token');
    // Decode without verifying first, so garbage and other issuers' tokens never cause a network call.
    let claimed: JWTPayload;
    try {
      decodeProtectedHeader(token);
      claimed = decodeJwt(token);
    } catch {
      return this.reject('malformed token');
    }
    if (claimed.iss !== o.issuer) return this.reject('claim iss unexpected');
    const keys = await this.keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: o.issuer,
        audience: o.audience,
        algorithms: [...(o.algorithms ?? DEFAULT_ALGORITHMS)],
        clockTolerance: o.clockToleranceSec ?? 30,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      const reason = rejectionReason(err);
      if (reason !== null) return this.reject(reason);
      throw toDomainError(err, 'verifying a bearer token');
    }
    return this.principalOf(payload);
  }

  private principalOf(payload: JWTPayload): Principal | null {
    const o = this.options;
    const user = claimAt(payload, o.userClaim ?? 'sub');
    if (typeof user !== 'string' || user.length === 0) return this.reject(`claim ${o.userClaim ?? 'sub'} missing`);
    return {
      id: payload.sub!,
      username: user,
      email: typeof payload.email === 'string' ? payload.email : '',
      roles: o.rolesClaim ? rolesFrom(claimAt(payload, o.rolesClaim)) : [],
    };
  }

  /** The remote key set, discovering its URL once; a failed discovery is retried on the next request. */
  private keySet(): Promise<KeySet> {
    if (!this.keys) {
      const o = this.options;
      const timeoutMs = o.timeoutMs ?? 5000;
      this.keys = (async () => {
        const uri = o.jwksUri ?? (await discoverJwksUri(o.issuer, timeoutMs));
        return createRemoteJWKSet(new URL(uri), {
          timeoutDuration: timeoutMs,
          cooldownDuration: (o.jwksCooldownSec ?? 30) * 1000,
          cacheMaxAge: (o.jwksCacheMaxAgeSec ?? 600) * 1000,
        });
      })().catch((err: unknown) => {
        this.keys = null;
        throw toDomainError(err, 'discovering the OIDC issuer');
      });
    }
    return this.keys;
  }

  private reject(reason: string): null {
    this.options.onRejected?.(reason);
    return null;
  }
}

/** An Authenticator for one OIDC issuer's JWT access tokens. */
export function oidcAuthenticator(options: OidcAuthenticatorOptions): OidcAuthenticator {
  return new OidcAuthenticator(options);
}

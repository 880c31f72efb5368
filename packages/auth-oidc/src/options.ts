/** Settings of `oidcAuthenticator`. */
export interface OidcAuthenticatorOptions {
  /** The exact `iss` the tokens carry, e.g. `https://login.example.org/realms/main`. */
  issuer: string;
  /** Accepted `aud` value(s): the API identifier the identity provider issues tokens for. */
  audience: string | string[];
  /** JWKS URL; when absent it is read from `{issuer}/.well-known/openid-configuration` on first use. */
  jwksUri?: string;
  /** Allowed clock skew for `exp`, `nbf` and `iat`, in seconds. Default 30. */
  clockToleranceSec?: number;
  /** Claim that becomes the principal's username: `sub` (default), `email`, `preferred_username` or any other string claim. */
  userClaim?: 'sub' | 'email' | 'preferred_username' | 'client_id' | (string & {});
  /** Dotted path of a claim holding role names (array or space-separated string), e.g. `roles` or `realm_access.roles`. */
  rolesClaim?: string;
  /** Accepted signature algorithms; asymmetric only, so a public key can never be used as an HMAC secret. */
  algorithms?: AsymmetricAlg[];
  /** Minimum seconds between JWKS refetches triggered by an unknown `kid` (rotation). Default 30. */
  jwksCooldownSec?: number;
  /** Seconds a fetched JWKS is trusted before it is refreshed. Default 600. */
  jwksCacheMaxAgeSec?: number;
  /** Deadline of each discovery or JWKS request, in ms. Default 5000. */
  timeoutMs?: number;
  /** Told why a token was refused (never the token itself), for logs and metrics. */
  onRejected?: (reason: string) => void;
}

/** Signature algorithms the authenticator can accept. */
export type AsymmetricAlg = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519';

/** Algorithms accepted when none are configured. */
export const DEFAULT_ALGORITHMS: readonly AsymmetricAlg[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** Longest token accepted, in characters: anything bigger is refused before it is parsed. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

import type { ApiTokenCeiling, IssuedApiToken } from '../api-tokens.js';
import type { Grant } from '../grants.js';

/** A user: a principal the platform has seen at least once, so memberships can name it. */
export interface User {
  /** The principal id (a static token's, an OIDC `sub`, or an issued token's user). */
  id: string;
  username: string;
  email: string;
  /**
   * Platform-wide roles of the principal when it was last seen through a static token or an identity
   * provider; tokens the user mints act with them (within their ceiling).
   */
  roles: string[];
  created_at: Date;
  updated_at: Date;
}

/** A stored membership: one role of one user at one org, space or app. */
export interface Membership extends Grant {
  id: string;
  scope: 'org' | 'space' | 'app';
  created_at: Date;
  updated_at: Date;
}

/** An issued API token as stored: its hash and hint, never the token itself. */
export interface StoredApiToken extends IssuedApiToken {
  description: string;
  /** `slw_` + the token's last 4 characters. */
  hint: string;
  created_at: Date;
}

/** A token's ceiling as the owner asked for it, before names are resolved to ids. */
export interface TokenScopeRequest {
  role: ApiTokenCeiling['role'];
  org?: string;
  space?: string;
  app?: string;
}

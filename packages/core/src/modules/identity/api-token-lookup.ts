import type { InjectionToken } from 'tsyringe';
import type { IssuedApiToken } from './api-tokens.js';

/** The user an issued token acts as. */
export interface ApiTokenUser {
  id: string;
  username: string;
  email: string;
  /** Platform-wide roles of the user. */
  roles: string[];
}

/** Finds issued API tokens by hash (the identity module's repository implements it). */
export interface ApiTokenLookup {
  /** The token with this hex SHA-256 and its user, revoked and expired ones included; null when none. */
  findByHash(hash: string): Promise<{ token: IssuedApiToken; user: ApiTokenUser } | null>;
}

/** DI token of the ApiTokenLookup. */
export const API_TOKEN_LOOKUP: InjectionToken<ApiTokenLookup> = Symbol.for('slipway.ApiTokenLookup');

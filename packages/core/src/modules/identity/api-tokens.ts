import { hash, randomBytes } from 'node:crypto';
import { ValidationError } from '../../errors.js';
import type { Grant } from './grants.js';

/** Prefix of every Slipway-issued API token, so secret scanners and the authenticator can tell them apart from JWTs. */
export const API_TOKEN_PREFIX = 'slw_';

// 32 random bytes in base64url: 256 bits, so the unsalted SHA-256 we store cannot be brute-forced back.
const TOKEN_PATTERN = /^slw_[A-Za-z0-9_-]{43}$/;

/** A freshly minted token: `token` is shown to the user once, only `hash` and `hint` are stored. */
export interface MintedApiToken {
  /** The secret, `slw_` + 43 base64url characters. Never stored, never logged. */
  token: string;
  /** Hex SHA-256 of `token`: what the store keeps and looks tokens up by. */
  hash: string;
  /** `slw_` + the last 4 characters, so a user can recognise a token in a list. */
  hint: string;
}

/** Role and scope an issued token is limited to; it never does more than its user may either. */
export type ApiTokenCeiling = Omit<Grant, 'user'>;

/** What the store keeps about an issued token. */
export interface IssuedApiToken {
  id: string;
  /** Id of the user the token acts as. */
  user: string;
  /** Hex SHA-256 of the token. */
  hash: string;
  /** Absent: everything its user may do. */
  ceiling?: ApiTokenCeiling;
  expires_at: Date | null;
  revoked_at: Date | null;
}

/** Whether an issued token may be used now. */
export type ApiTokenCheck = { usable: true } | { usable: false; reason: 'expired' | 'revoked' };

/** Longest lifetime a token may be minted with. */
export const MAX_API_TOKEN_DAYS = 366;

/** Mints a new random API token. */
export function mintApiToken(): MintedApiToken {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashApiToken(token), hint: API_TOKEN_PREFIX + token.slice(-4) };
}

/** Hex SHA-256 of a presented token; a plain hash is enough because tokens carry 256 random bits. */
export function hashApiToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Whether `token` has the shape of an issued token (cheap pre-check before any lookup). */
export function isApiTokenFormat(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** Whether `record` is usable at `now`: not revoked and not past `expires_at` (which is exclusive). */
export function checkApiToken(record: Pick<IssuedApiToken, 'expires_at' | 'revoked_at'>, now: Date): ApiTokenCheck {
  if (record.revoked_at && record.revoked_at.getTime() <= now.getTime()) return { usable: false, reason: 'revoked' };
  if (record.expires_at && record.expires_at.getTime() <= now.getTime()) return { usable: false, reason: 'expired' };
  return { usable: true };
}

/** The expiry of a token minted at `now` for `days` days; ValidationError outside 1..MAX_API_TOKEN_DAYS. */
export function apiTokenExpiry(now: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 1 || days > MAX_API_TOKEN_DAYS) {
    throw new ValidationError(`expires_in_days must be a whole number from 1 to ${MAX_API_TOKEN_DAYS}`, 'expires_in_days');
  }
  return new Date(now.getTime() + days * 86_400_000);
}

import { errors as jose } from 'jose';
import { DriverUnavailableError } from '@slipway/core';

/** Why a token is refused, or null when the failure is the identity provider's (not the token's). */
export function rejectionReason(err: unknown): string | null {
  if (err instanceof jose.JWTExpired) return 'expired';
  if (err instanceof jose.JWTClaimValidationFailed) return `claim ${err.claim} ${err.reason}`;
  if (err instanceof jose.JWSSignatureVerificationFailed) return 'bad signature';
  if (err instanceof jose.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (err instanceof jose.JWKSNoMatchingKey) return 'no matching key';
  if (err instanceof jose.JWKSMultipleMatchingKeys) return 'ambiguous key';
  if (err instanceof jose.JWSInvalid || err instanceof jose.JWTInvalid || err instanceof jose.JOSENotSupported) return 'malformed token';
  return null;
}

/**
 * Translates what went wrong while talking to the identity provider: discovery or JWKS unreachable, slow or
 * malformed. A token problem never gets here (see `rejectionReason`), so the caller answers 503, not 401.
 */
export function toDomainError(err: unknown, what: string): DriverUnavailableError {
  if (err instanceof DriverUnavailableError) return err;
  if (err instanceof jose.JWKSTimeout) return new DriverUnavailableError(`${what}: the identity provider's JWKS did not answer in time`);
  if (err instanceof jose.JWKSInvalid) return new DriverUnavailableError(`${what}: the identity provider's JWKS is not a valid key set`);
  const message = err instanceof Error ? err.message : String(err);
  return new DriverUnavailableError(`${what}: ${message}`);
}

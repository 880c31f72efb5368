import { DriverUnavailableError, isPlatformError, type PlatformError } from '@slipway/core';

/**
 * The one place the local CA turns native failures into core errors: deliberate platform errors pass through,
 * anything else (the root store's I/O, a root key that does not open) means the CA cannot work right now.
 */
export function toDomainError(err: unknown, doing: string): PlatformError {
  if (isPlatformError(err)) return err;
  return new DriverUnavailableError(`local CA could not ${doing}: ${(err as Error)?.message ?? String(err)}`);
}

import { ConflictError, DriverUnavailableError, PlatformError } from '@slipway/core';

/** Translates a native error of the router (listen, socket) into a core error; platform errors pass through. */
export function toDomainError(err: unknown, what: string): PlatformError {
  if (err instanceof PlatformError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') return new ConflictError(`router cannot ${what}: address already in use`, 'port');
  if (e?.code === 'EACCES') return new DriverUnavailableError(`router cannot ${what}: permission denied`);
  if (e?.code === 'EADDRNOTAVAIL') return new DriverUnavailableError(`router cannot ${what}: address not available`, 'host');
  return new DriverUnavailableError(`router cannot ${what}: ${e?.message ?? String(err)}`);
}

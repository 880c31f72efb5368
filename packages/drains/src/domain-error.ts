import { DriverUnavailableError, isPlatformError, type PlatformError } from '@slipway/core';

const CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EPIPE: 'connection closed by the receiver',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed (temporary)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * The one place native socket, TLS and DNS errors become core errors: a DriverUnavailableError naming the drain
 * by its redacted URL (never its credentials). Platform errors (e.g. an address-policy refusal) pass through.
 */
export function toDomainError(err: unknown, redactedUrl: string): PlatformError {
  if (isPlatformError(err)) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const why = CODES[code] ?? (code.startsWith('ERR_TLS') || code.includes('CERT') ? `TLS: ${e?.message ?? code}` : (e?.message ?? String(err)));
  return new DriverUnavailableError(`log drain ${redactedUrl}: ${why}`);
}

import { BadSourceError, isPlatformError } from '@slipway/core';
import { OutboundError } from '@slipway/outbound';

/**
 * Translates what fetching or unpacking raised into core's BadSourceError, whose message is safe for build logs
 * (`shown` is the URL without query string or credentials). Filesystem failures of this machine (disk full,
 * permissions) are not the source's fault and pass unchanged, as do cancels.
 */
export function toDomainError(err: unknown, shown: string, maxBytes?: number): Error {
  if (err instanceof BadSourceError) return err;
  if (err instanceof OutboundError) {
    if (err.code === 'too_large') return new BadSourceError(`source at ${shown} is larger than ${maxBytes ?? 'the allowed'} bytes`, 'url');
    if (err.code === 'aborted') return err;
    return new BadSourceError(`could not fetch source from ${shown}: ${err.message}`, 'url');
  }
  if (isPlatformError(err)) return new BadSourceError(err.message, err.field ?? 'url');
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && !['ENOENT', 'EEXIST', 'ELOOP', 'ENOTDIR', 'EISDIR'].includes(code)) return err as Error;
  if ((err as Error)?.name === 'AbortError') return err as Error;
  return new BadSourceError(`source archive is corrupt: ${(err as Error)?.message ?? String(err)}`);
}

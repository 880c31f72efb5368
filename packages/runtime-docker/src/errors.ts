import { BadRequestError, ConflictError, NotFoundError } from '@slipway/core';
import { isUnreachable, nativeErrors } from '@slipway/driver-kit';

/** The engine's own message (dockerode puts the JSON body in `json.message`), without status noise. */
export function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: string } | string; reason?: string; message?: string };
  if (e && typeof e.json === 'object' && e.json?.message) return e.json.message;
  if (e && typeof e.json === 'string' && e.json) return e.json.trim();
  // docker-modem folds the body into `(HTTP code 500) server error - <engine message>` when it is not JSON.
  const folded = /^\(HTTP code \d+\) [^-]*- ([\s\S]*)$/.exec(e?.message ?? '');
  if (folded?.[1]?.trim()) return folded[1].trim();
  return e?.reason ?? e?.message ?? String(err);
}

/** HTTP status the engine answered with, when it answered. */
export function engineStatus(err: unknown): number | undefined {
  return (err as { statusCode?: number }).statusCode;
}

/** True when the error means the engine could not be reached at all (as opposed to refusing the request). */
export { isUnreachable };

/**
 * Docker's native-error table: unreachable engine -> DriverUnavailableError, 404 -> NotFoundError,
 * 409 -> ConflictError, 400 -> BadRequestError, 5xx -> DriverUnavailableError, other answers -> UnprocessableError.
 */
const dockerErrors = nativeErrors({
  engine: 'Docker engine',
  status: engineStatus,
  message: engineMessage,
  statuses: {
    404: (m) => new NotFoundError(m),
    409: (m) => new ConflictError(m),
    400: (m) => new BadRequestError(m),
  },
});

/** The one place Docker errors become platform errors (see the table above). */
export const toDomainError = dockerErrors.toDomainError;

/** Runs an engine call and rethrows its failure as a platform error. */
export const engine = dockerErrors.call;

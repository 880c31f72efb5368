import {
  BadRequestError,
  ConflictError,
  DriverUnavailableError,
  NotFoundError,
  PlatformError,
  UnprocessableError,
} from '@slipway/core';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

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

/** True when the error means the engine could not be reached at all (as opposed to refusing the request). */
export function isUnreachable(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return !!code && UNREACHABLE.has(code);
}

/** HTTP status the engine answered with, when it answered. */
export function engineStatus(err: unknown): number | undefined {
  return (err as { statusCode?: number }).statusCode;
}

/**
 * The one place Docker errors become platform errors: unreachable engine -> DriverUnavailableError,
 * 404 -> NotFoundError, 409 -> ConflictError, 400 -> BadRequestError, other answers -> UnprocessableError.
 */
export function toDomainError(err: unknown, doing: string): PlatformError {
  if (err instanceof PlatformError) return err;
  if (isUnreachable(err)) return new DriverUnavailableError(`Docker engine unreachable while ${doing} (${(err as { code?: string }).code})`);
  const status = engineStatus(err);
  const message = `${doing}: ${engineMessage(err)}`;
  if (status === 404) return new NotFoundError(message);
  if (status === 409) return new ConflictError(message);
  if (status === 400) return new BadRequestError(message);
  if (status !== undefined && status >= 500) return new DriverUnavailableError(message);
  if (status !== undefined) return new UnprocessableError(message);
  return new DriverUnavailableError(message);
}

/** Runs an engine call and rethrows its failure as a platform error. */
export async function engine<T>(doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toDomainError(err, doing);
  }
}

import { BadRequestError, ConcurrencyError, ConflictError, DriverUnavailableError, NotFoundError, PlatformError, UnprocessableError } from '@slipway/core';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/** HTTP status of a failed API call (client-node's ApiException carries it as `code`). */
export function apiStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

function statusBody(err: unknown): { reason?: string; message?: string } {
  const body = (err as { body?: unknown })?.body;
  if (body && typeof body === 'object') return body as { reason?: string; message?: string };
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as unknown;
      if (parsed && typeof parsed === 'object') return parsed as { reason?: string; message?: string };
    } catch {
      // Not JSON: only the status code is known.
    }
  }
  return {};
}

function unreachableCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; type?: string; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  if (code && UNREACHABLE.has(code)) return code;
  return e?.type === 'system' || e?.type === 'request-timeout' ? (code ?? e.type) : undefined;
}

/**
 * The one place Kubernetes errors become platform errors: unreachable API server, 5xx, 429, 401 and 403 ->
 * DriverUnavailableError (403 names RBAC, since a missing verb is the usual cause); 404 -> NotFoundError; 409
 * Conflict -> ConcurrencyError, other 409s -> ConflictError; 400 -> BadRequestError; 422 and the rest ->
 * UnprocessableError. Messages come from the Status body only: the raw exception echoes headers, and request
 * bodies can hold private keys.
 */
export function toDomainError(err: unknown, doing: string): PlatformError {
  if (err instanceof PlatformError) return err;
  const down = unreachableCode(err);
  if (down) return new DriverUnavailableError(`Kubernetes API server unreachable while ${doing} (${down})`);
  const status = apiStatus(err);
  if (status === undefined) return new DriverUnavailableError(`${doing}: ${String((err as Error)?.message ?? err).split('\n')[0]}`);
  const body = statusBody(err);
  const message = `${doing}: ${body.message ?? body.reason ?? `HTTP ${status}`}`;
  if (status === 404) return new NotFoundError(message);
  if (status === 409) return body.reason === 'Conflict' ? new ConcurrencyError(message) : new ConflictError(message);
  if (status === 401 || status === 403) return new DriverUnavailableError(`${message} (check the controller's Kubernetes credentials and RBAC)`);
  if (status === 400) return new BadRequestError(message);
  if (status === 429 || status >= 500) return new DriverUnavailableError(message);
  return new UnprocessableError(message);
}

/** Runs an API call and rethrows its failure as a platform error. */
export async function kube<T>(doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toDomainError(err, doing);
  }
}

/** Runs a call that may legitimately find nothing: 404 becomes null, other failures platform errors. */
export async function kubeOrNull<T>(doing: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (apiStatus(err) === 404) return null;
    throw toDomainError(err, doing);
  }
}

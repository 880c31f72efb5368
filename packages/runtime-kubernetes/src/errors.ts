import {
  BadRequestError,
  ConcurrencyError,
  ConflictError,
  DriverUnavailableError,
  NotFoundError,
  PlatformError,
  UnprocessableError,
} from '@slipway/core';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/** The API server's `Status` body of a failed call, when there is one. */
export interface KubeStatus {
  code?: number;
  reason?: string;
  message?: string;
}

/** HTTP status of a failed API call (client-node's ApiException carries it as `code`). */
export function apiStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The parsed `Status` body of a failed API call, read without echoing headers or request bodies. */
export function apiStatusBody(err: unknown): KubeStatus {
  const body = (err as { body?: unknown })?.body;
  if (body && typeof body === 'object') return body as KubeStatus;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as unknown;
      if (parsed && typeof parsed === 'object') return parsed as KubeStatus;
    } catch {
      // Not JSON: only the status code is known.
    }
  }
  return {};
}

/** True when the API server could not be reached at all (as opposed to refusing the request). */
export function isUnreachable(err: unknown): boolean {
  const e = err as { code?: unknown; type?: string; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  return (!!code && UNREACHABLE.has(code)) || e?.type === 'system' || e?.type === 'request-timeout';
}

/**
 * The one place Kubernetes errors become platform errors: unreachable API server, 5xx, 429 and refused credentials
 * -> DriverUnavailableError; 404 -> NotFoundError; 409 Conflict -> ConcurrencyError, other 409s -> ConflictError;
 * 403 on a terminating namespace -> ConflictError; 400 -> BadRequestError; 422 and the rest -> UnprocessableError.
 * Messages come from the Status body, never from the raw exception (which would echo headers).
 */
export function toDomainError(err: unknown, doing: string): PlatformError {
  if (err instanceof PlatformError) return err;
  if (isUnreachable(err)) {
    const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code ?? 'unreachable';
    return new DriverUnavailableError(`Kubernetes API server unreachable while ${doing} (${code})`);
  }
  const status = apiStatus(err);
  if (status === undefined) return new DriverUnavailableError(`${doing}: ${(err as Error)?.message?.split('\n')[0] ?? String(err)}`);
  const body = apiStatusBody(err);
  const message = `${doing}: ${body.message ?? body.reason ?? `HTTP ${status}`}`;
  if (status === 404) return new NotFoundError(message);
  if (status === 409) return body.reason === 'Conflict' ? new ConcurrencyError(message) : new ConflictError(message);
  if (status === 403 && /being terminated/.test(body.message ?? '')) return new ConflictError(message);
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

/** Runs a read that may legitimately find nothing: 404 becomes null, other failures platform errors. */
export async function kubeOrNull<T>(doing: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (apiStatus(err) === 404) return null;
    throw toDomainError(err, doing);
  }
}

import { BadRequestError, ConcurrencyError, ConflictError, DriverUnavailableError, NotFoundError } from '@slipway/core';
import { isUnreachable, nativeErrors } from '@slipway/driver-kit';

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
export { isUnreachable };

/** Messages come from the Status body, never from the raw exception (which would echo headers). */
function statusMessage(err: unknown): string {
  const status = apiStatus(err);
  if (status === undefined) return (err as Error)?.message?.split('\n')[0] ?? String(err);
  const body = apiStatusBody(err);
  return body.message ?? body.reason ?? `HTTP ${status}`;
}

const refused = (m: string) => new DriverUnavailableError(`${m} (check the controller's Kubernetes credentials and RBAC)`);

/**
 * Kubernetes' native-error table: unreachable API server, 5xx, 429 and refused credentials -> DriverUnavailableError;
 * 404 -> NotFoundError; 409 Conflict -> ConcurrencyError, other 409s -> ConflictError; 403 on a terminating
 * namespace -> ConflictError; 400 -> BadRequestError; 422 and the rest -> UnprocessableError.
 */
const kubeErrors = nativeErrors({
  engine: 'Kubernetes API server',
  status: apiStatus,
  message: statusMessage,
  statuses: {
    404: (m) => new NotFoundError(m),
    409: (m, err) => (apiStatusBody(err).reason === 'Conflict' ? new ConcurrencyError(m) : new ConflictError(m)),
    403: (m, err) => (/being terminated/.test(apiStatusBody(err).message ?? '') ? new ConflictError(m) : refused(m)),
    401: refused,
    400: (m) => new BadRequestError(m),
    429: (m) => new DriverUnavailableError(m),
  },
});

/** The one place Kubernetes errors become platform errors (see the table above). */
export const toDomainError = kubeErrors.toDomainError;

/** Runs an API call and rethrows its failure as a platform error. */
export const kube = kubeErrors.call;

/** Runs a read that may legitimately find nothing: 404 becomes null, other failures platform errors. */
export const kubeOrNull = kubeErrors.orNull;

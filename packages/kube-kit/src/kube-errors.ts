import { BadRequestError, ConcurrencyError, ConflictError, DriverUnavailableError, NotFoundError } from '@slipway/core';
import { nativeErrors, type NativeErrors, type StatusRule } from '@slipway/driver-kit';

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

/** Messages come from the Status body, never from the raw exception (which echoes headers; bodies may hold keys). */
function statusMessage(err: unknown): string {
  const status = apiStatus(err);
  if (status === undefined) return (err as Error)?.message?.split('\n')[0] ?? String(err);
  const body = apiStatusBody(err);
  return body.message ?? body.reason ?? `HTTP ${status}`;
}

/** 401 and 403: the controller's own credentials were refused, which an operator fixes, not the user. */
export const refusedCredentials: StatusRule = (m) => new DriverUnavailableError(`${m} (check the controller's Kubernetes credentials and RBAC)`);

/**
 * Kubernetes' native-error table: unreachable API server, 5xx, 429, 401 and 403 -> DriverUnavailableError (naming
 * RBAC, since a missing verb is the usual cause); 404 -> NotFoundError; 409 Conflict -> ConcurrencyError, other
 * 409s -> ConflictError; 400 -> BadRequestError; 422 and the rest -> UnprocessableError. `overrides` replace the
 * rule of single statuses for an adapter that reads them more finely.
 */
export function kubeNativeErrors(overrides: Record<number, StatusRule> = {}): NativeErrors {
  return nativeErrors({
    engine: 'Kubernetes API server',
    status: apiStatus,
    message: statusMessage,
    statuses: {
      404: (m) => new NotFoundError(m),
      409: (m, err) => (apiStatusBody(err).reason === 'Conflict' ? new ConcurrencyError(m) : new ConflictError(m)),
      403: refusedCredentials,
      401: refusedCredentials,
      400: (m) => new BadRequestError(m),
      429: (m) => new DriverUnavailableError(m),
      ...overrides,
    },
  });
}

/** The shared table without overrides. */
export const kubeErrors: NativeErrors = kubeNativeErrors();

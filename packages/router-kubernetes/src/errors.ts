import { kubeErrors } from '@slipway/kube-kit';

/** HTTP status of a failed API call (client-node's ApiException carries it as `code`). */
export { apiStatus } from '@slipway/kube-kit';

/**
 * The one place Kubernetes errors become platform errors, by the table every Kubernetes adapter shares
 * (`@slipway/kube-kit`): unreachable, 5xx, 429, 401 and 403 -> DriverUnavailableError; 404 -> NotFoundError; 409
 * Conflict -> ConcurrencyError, other 409s -> ConflictError; 400 -> BadRequestError; the rest -> UnprocessableError.
 */
export const toDomainError = kubeErrors.toDomainError;

/** Runs an API call and rethrows its failure as a platform error. */
export const kube = kubeErrors.call;

/** Runs a call that may legitimately find nothing: 404 becomes null, other failures platform errors. */
export const kubeOrNull = kubeErrors.orNull;

import { ConflictError } from '@slipway/core';
import { isUnreachable } from '@slipway/driver-kit';
import { apiStatusBody, kubeNativeErrors, refusedCredentials } from '@slipway/kube-kit';

/** Readers of a failed API call (its status and `Status` body), shared by every Kubernetes adapter. */
export { apiStatus, apiStatusBody, type KubeStatus } from '@slipway/kube-kit';

/** True when the API server could not be reached at all (as opposed to refusing the request). */
export { isUnreachable };

/**
 * Kubernetes' native-error table (`@slipway/kube-kit`'s), read more finely for 403: a write into a namespace being
 * terminated is a conflict with the space's removal, not refused credentials.
 */
const kubeErrors = kubeNativeErrors({
  403: (m, err) => (/being terminated/.test(apiStatusBody(err).message ?? '') ? new ConflictError(m) : refusedCredentials(m, err)),
});

/** The one place Kubernetes errors become platform errors (see the table above). */
export const toDomainError = kubeErrors.toDomainError;

/** Runs an API call and rethrows its failure as a platform error. */
export const kube = kubeErrors.call;

/** Runs a read that may legitimately find nothing: 404 becomes null, other failures platform errors. */
export const kubeOrNull = kubeErrors.orNull;

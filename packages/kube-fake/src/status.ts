/** An API error the fake answers with a `kind: Status` body, exactly as the real API server shapes it. */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string; causes?: Array<{ reason: string; message: string; field: string }> },
  ) {
    super(message);
  }
}

/** The wire body of a failure (`metav1.Status`). */
export function failureStatus(err: KubeApiError): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: err.message,
    reason: err.reason,
    ...(err.details ? { details: err.details } : {}),
    code: err.code,
  };
}

/** The wire body of a successful delete of a kind that answers with a Status rather than the object. */
export function successStatus(details: { name: string; group: string; kind: string; uid: string }): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

/** `<plural>[.<group>]`, the resource spelling the API server uses in its messages. */
export function qualified(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

/** 404 for a missing object, worded like the real server (`deployments.apps "web" not found`). */
export function notFound(plural: string, group: string, kind: string, name: string): KubeApiError {
  return new KubeApiError(404, 'NotFound', `${qualified(plural, group)} "${name}" not found`, { name, group, kind: plural });
}

/** 409 AlreadyExists on create. */
export function alreadyExists(plural: string, group: string, name: string): KubeApiError {
  return new KubeApiError(409, 'AlreadyExists', `${qualified(plural, group)} "${name}" already exists`, { name, group, kind: plural });
}

/** 409 Conflict on a stale resourceVersion (optimistic concurrency). */
export function conflict(plural: string, group: string, name: string): KubeApiError {
  return new KubeApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(plural, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: plural },
  );
}

/** 422 Invalid with one cause per bad field. */
export function invalid(kind: string, group: string, name: string, causes: Array<{ field: string; message: string }>): KubeApiError {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new KubeApiError(422, 'Invalid', `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${text}`, {
    name,
    group,
    kind,
    causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}

/** 400 BadRequest. */
export function badRequest(message: string): KubeApiError {
  return new KubeApiError(400, 'BadRequest', message);
}

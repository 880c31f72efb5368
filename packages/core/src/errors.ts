/** Base of every error the platform raises on purpose; `code` is stable and safe to show to clients. */
export abstract class PlatformError extends Error {
  /** Stable machine-readable id (Heroku Platform API style), e.g. `not_found`. */
  abstract readonly code: string;
  /** The request field or path parameter at fault, when there is one. */
  readonly field?: string;
  /** More fields of the error body beside id, message, code and field (the `manifest_errors` of a blueprint). */
  details?: Record<string, unknown>;

  constructor(message: string, field?: string) {
    super(message);
    this.name = new.target.name;
    if (field !== undefined) this.field = field;
  }
}

/** The named resource does not exist. */
export class NotFoundError extends PlatformError {
  readonly code = 'not_found';
}

/** The resource already exists, or the change clashes with the current state (duplicate name). */
export class ConflictError extends PlatformError {
  readonly code = 'conflict';
}

/** The request is malformed: it can never succeed as sent (bad JSON, immutable field changed). */
export class BadRequestError extends PlatformError {
  readonly code = 'bad_request';
}

/** A field failed validation: wrong type, bad name, out of range. */
export class ValidationError extends PlatformError {
  readonly code = 'invalid_params';
}

/** A blueprint (app setup) has problems: `manifest_errors` lists every one, each naming its field path. */
export class ManifestError extends ValidationError {
  constructor(readonly manifestErrors: string[]) {
    super(manifestErrors.length === 1 ? `The blueprint has a problem: ${manifestErrors[0]}` : `The blueprint has ${manifestErrors.length} problems: ${manifestErrors.join('; ')}`, manifestErrors[0]?.split(':')[0] ?? 'body');
    this.details = { manifest_errors: manifestErrors };
  }
}

/** The request is well formed but the current state forbids it (e.g. stopping a finished build). */
export class UnprocessableError extends PlatformError {
  readonly code = 'unprocessable_entity';
}

/** No valid credentials were presented. */
export class UnauthorizedError extends PlatformError {
  readonly code = 'unauthorized';
}

/** The caller is known but may not do this. */
export class ForbiddenError extends PlatformError {
  readonly code = 'forbidden';
}

/** The caller lacks the permission an operation needs; `permission` names it (the 403 body carries it). */
export class PermissionDeniedError extends ForbiddenError {
  constructor(
    readonly permission: string,
    message: string,
  ) {
    super(message);
  }
}

/** A driver the operation needs (runtime, build, broker) is not configured or not reachable. */
export class DriverUnavailableError extends PlatformError {
  readonly code = 'service_unavailable';
}

/** Two writers raced on the same record; the loser may retry from a fresh read. */
export class ConcurrencyError extends PlatformError {
  readonly code = 'conflict';
}

/** True when `err` is one of the platform's deliberate errors (anything else is a bug: 500). */
export function isPlatformError(err: unknown): err is PlatformError {
  return err instanceof PlatformError;
}

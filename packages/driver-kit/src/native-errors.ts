import { DriverUnavailableError, PlatformError, UnprocessableError } from '@slipway/core';

/** Socket and resolver error codes that mean the engine could not be reached at all (not that it refused). */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET',
]);

/** The errno-style code of a failed call (`code`, or its `cause`'s for fetch-based clients); undefined when none. */
export function errnoCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null | undefined;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

/** True when the error means the engine could not be reached at all (as opposed to refusing the request). */
export function isUnreachable(err: unknown): boolean {
  const code = errnoCode(err);
  const type = (err as { type?: unknown } | null | undefined)?.type;
  // node-fetch (under client-node) marks socket failures `system` and its own timeouts `request-timeout`.
  return (!!code && UNREACHABLE_CODES.has(code)) || type === 'system' || type === 'request-timeout';
}

/** Builds the platform error of one answered status from the message and the native error. */
export type StatusRule = (message: string, err: unknown) => PlatformError;

/** How one engine's native errors read, and which platform error each answered status becomes. */
export interface NativeErrorTable {
  /** The engine in messages, e.g. `Docker engine`. */
  engine: string;
  /** The HTTP status the engine answered with; undefined when it did not answer. */
  status(err: unknown): number | undefined;
  /** The engine's own words for a failure, never echoing headers or request bodies (they may hold secrets). */
  message(err: unknown): string;
  /** Platform error per answered status. */
  statuses: Record<number, StatusRule>;
  /** For answered statuses the table does not list; default 5xx -> DriverUnavailableError, else UnprocessableError. */
  otherStatus?: (status: number, message: string, err: unknown) => PlatformError;
}

/** The error translation of one adapter, built from its table: its one `toDomainError` and call wrappers. */
export interface NativeErrors {
  /** Turns any failure of `doing` into a platform error (platform errors pass through). */
  toDomainError(err: unknown, doing: string): PlatformError;
  /** Runs an engine call and rethrows its failure as a platform error. */
  call<T>(doing: string, fn: () => Promise<T>): Promise<T>;
  /** Runs a read that may legitimately find nothing: 404 becomes null, other failures platform errors. */
  orNull<T>(doing: string, fn: () => Promise<T>): Promise<T | null>;
}

/**
 * The one place an adapter's native errors become core errors: unreachable -> DriverUnavailableError (naming the
 * socket code), answered statuses through the table, no answer and no known code -> DriverUnavailableError.
 */
export function nativeErrors(table: NativeErrorTable): NativeErrors {
  const toDomainError = (err: unknown, doing: string): PlatformError => {
    if (err instanceof PlatformError) return err;
    if (isUnreachable(err)) return new DriverUnavailableError(`${table.engine} unreachable while ${doing} (${errnoCode(err) ?? 'unreachable'})`);
    const status = table.status(err);
    const message = `${doing}: ${table.message(err)}`;
    if (status === undefined) return new DriverUnavailableError(message);
    const rule = table.statuses[status];
    if (rule) return rule(message, err);
    if (table.otherStatus) return table.otherStatus(status, message, err);
    return status >= 500 ? new DriverUnavailableError(message) : new UnprocessableError(message);
  };
  return {
    toDomainError,
    async call(doing, fn) {
      try {
        return await fn();
      } catch (err) {
        throw toDomainError(err, doing);
      }
    },
    async orNull(doing, fn) {
      try {
        return await fn();
      } catch (err) {
        if (table.status(err) === 404) return null;
        throw toDomainError(err, doing);
      }
    },
  };
}

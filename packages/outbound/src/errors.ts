/** Why an outbound call failed; callers map each to a failed attempt (webhooks) or a bad source (builds). */
export type OutboundErrorCode = 'refused' | 'timeout' | 'too_large' | 'redirect' | 'http' | 'network' | 'aborted';

/**
 * An outbound call that did not produce a usable answer. The message names the host at most: never the path,
 * query string or credentials, which may be secrets (presigned URLs, hook tokens).
 */
export class OutboundError extends Error {
  /** What went wrong, stable for callers to branch on. */
  readonly code: OutboundErrorCode;
  /** Whether the same call may succeed later (a timeout may; a refused address never will). */
  readonly retryable: boolean;

  constructor(code: OutboundErrorCode, message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
  }
}

/** The destination is refused by the address policy (a literal address, a localhost name, or what DNS answered). */
export class RefusedAddressError extends OutboundError {
  /** The host as given (a name or an address literal). */
  readonly host: string;
  /** The address that was refused; kept off the message so internal topology is not shown to users. */
  readonly address: string;
  /** The range that refused it (`loopback`, `private`, `linkLocal` ...). */
  readonly reason: string;

  constructor(host: string, address: string, reason: string, literal = false) {
    super('refused', `refused: ${host} ${literal ? 'is' : 'resolves to'} a restricted address (${reason})`, false);
    this.host = host;
    this.address = address;
    this.reason = reason;
  }
}

/** The RefusedAddressError inside `err` (undici wraps connect errors in `cause`), or null. */
export function refusalOf(err: unknown): RefusedAddressError | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof RefusedAddressError) return e;
  }
  return null;
}

/** What the router knows about a failed attempt when deciding whether another backend may take the request. */
export interface FailedAttempt {
  /** Node error code, e.g. `ECONNREFUSED`. */
  code: string | undefined;
  /** The TCP connection to the backend was established (fresh or reused) before the failure. */
  connected: boolean;
  /** The attempt used a kept-alive socket from an earlier request. */
  reusedSocket: boolean;
  /** Request body bytes were handed to this attempt, so they cannot be replayed. */
  bodyConsumed: boolean;
  /** The client already got response headers from this attempt. */
  responseStarted: boolean;
  /** The attempt hit the router's upstream timeout. */
  timedOut: boolean;
  method: string;
}

// Failures of the TCP connect itself: the backend never saw the request.
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT', 'EPIPE']);
// A backend that accepted and then reset without answering: replaying is only safe when repeating cannot hurt.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a failed attempt may be repeated on another backend without the client noticing: the connection was
 * refused or reset before the backend could have acted (a dyno replaced during a rolling restart, or the keep-alive
 * race where a dyno closes an idle socket just as it is reused), nothing was sent to the client, and the request
 * body, if any, was never handed over.
 */
export function retryable(a: FailedAttempt): boolean {
  if (a.responseStarted || a.bodyConsumed || a.timedOut) return false;
  if (!CONNECT_FAILURES.has(a.code ?? '')) return false;
  if (!a.connected) return true;
  if (a.reusedSocket && (a.code === 'ECONNRESET' || a.code === 'EPIPE')) return true;
  return SAFE_METHODS.has(a.method) && a.code === 'ECONNRESET';
}

/** Whether a failure means the backend does not accept connections at all (so pickers avoid it for a while). */
export function refusedConnection(a: FailedAttempt): boolean {
  return !a.connected && (a.code === 'ECONNREFUSED' || a.code === 'EHOSTUNREACH' || a.code === 'ENETUNREACH');
}

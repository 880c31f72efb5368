import { DriverUnavailableError, isPlatformError, type PlatformError } from '@slipway/core';
import { AcmeTransportError, lastProblem } from './transport.js';

/** How a failed ACME call ends: the CA refused for good (an order result), or a core error to throw. */
export type AcmeOutcome = { refused: string } | { error: PlatformError };

/**
 * The one place ACME failures become core terms. No answer, 5xx and rate limits mean "try again later"
 * (DriverUnavailableError); any other 4xx problem document is the CA refusing, with its own words as the reason.
 */
export function classifyAcmeError(err: unknown, doing: string): AcmeOutcome {
  if (isPlatformError(err)) return { error: err };
  if (err instanceof AcmeTransportError) return { error: new DriverUnavailableError(`${doing}: ${err.message}`) };
  const problem = lastProblem();
  if (problem && problem.status >= 400 && problem.status < 500 && problem.status !== 429) {
    return { refused: problem.detail ?? `the CA answered ${problem.status}${problem.type ? ` (${problem.type})` : ''}` };
  }
  const why = problem ? `the CA answered ${problem.status}: ${problem.detail ?? problem.type ?? 'no detail'}` : ((err as Error)?.message ?? String(err));
  return { error: new DriverUnavailableError(`${doing}: ${why}`) };
}

/** `classifyAcmeError` for calls where a refusal is no order result either (the account): always an error. */
export function toDomainError(err: unknown, doing: string): PlatformError {
  const outcome = classifyAcmeError(err, doing);
  return 'error' in outcome ? outcome.error : new DriverUnavailableError(`${doing}: the CA refused: ${outcome.refused}`);
}

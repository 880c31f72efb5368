/** Failure modes of the chaos plan, chosen by the `fail` parameter of provision or bind. */
export const PROVISION_FAILURES = [
  'none',
  /** Creates the database, then answers 500: the platform must deprovision the orphan. */
  'provision-500',
  /** Creates the database, then answers only after `delay_ms`: the platform times out and must deprovision. */
  'provision-timeout',
  /** Creates the database, then answers 201 with a body that is not JSON. */
  'provision-garbage',
  /** Answers 202; the operation later fails after creating the database. */
  'provision-async-fail',
  /** Answers 202; the first polls get 500, 503 and garbage before the operation succeeds. */
  'poll-errors',
  /** Answers 202 and never finishes, so only the polling deadline ends it. */
  'never-finishes',
  /** Provisions normally; the first deprovision answers 500 without deleting anything. */
  'deprovision-500-once',
] as const;

/** Failure modes of binds on the chaos plan. */
export const BIND_FAILURES = ['none', 'bind-500', 'bind-timeout', 'bind-garbage'] as const;

/** One provision failure mode. */
export type ProvisionFailure = (typeof PROVISION_FAILURES)[number];
/** One bind failure mode. */
export type BindFailure = (typeof BIND_FAILURES)[number];

/** Modes whose provision answers 202. */
export const ASYNC_FAILURES: ReadonlySet<ProvisionFailure> = new Set(['provision-async-fail', 'poll-errors', 'never-finishes']);

/** Reads the `fail` parameter; undefined when it names no known mode (a 400 for the caller). */
export function provisionFailure(parameters: Record<string, unknown>): ProvisionFailure | undefined {
  const value = parameters.fail ?? 'provision-500';
  return PROVISION_FAILURES.find((m) => m === value);
}

/** Reads the `fail` parameter of a bind; undefined when unknown. */
export function bindFailure(parameters: Record<string, unknown>): BindFailure | undefined {
  const value = parameters.fail ?? 'none';
  return BIND_FAILURES.find((m) => m === value);
}

/** How long the timeout modes stall; tests keep it short, the default outlasts common client timeouts. */
export function stallMs(parameters: Record<string, unknown>): number {
  const value = parameters.delay_ms;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, 600_000) : 90_000;
}

/** A body that claims to be JSON and is not. */
export const GARBAGE = '{"dashboard_url": <html>oops';

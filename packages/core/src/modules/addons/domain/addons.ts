import { backoffMs } from '../../../kernel/backoff.js';
import { NotFoundError, ValidationError, type PlatformError } from '../../../errors.js';

/** OSB maintenance_info: the version a plan (or an instance) is at. */
export interface MaintenanceInfo {
  version: string;
  description?: string;
}

/**
 * A plan as the platform uses it. OSB lets a plan override its service's `bindable` and
 * `plan_updateable`; the adapter folds that in, so callers never look at the service for them.
 */
export interface BrokerPlan {
  id: string;
  name: string;
  description: string;
  free: boolean;
  bindable: boolean;
  plan_updateable: boolean;
  /** Seconds the platform should poll one operation at most; null when the broker sets none. */
  maximum_polling_duration: number | null;
  maintenance_info: MaintenanceInfo | null;
  metadata: Record<string, unknown>;
  /** Parameter JSON schemas, passed through untouched. */
  schemas: Record<string, unknown> | null;
}

/** A service offering of a broker with its plans. */
export interface BrokerServiceOffering {
  id: string;
  name: string;
  description: string;
  tags: string[];
  requires: string[];
  bindable: boolean;
  plan_updateable: boolean;
  instances_retrievable: boolean;
  bindings_retrievable: boolean;
  allow_context_updates: boolean;
  metadata: Record<string, unknown>;
  plans: BrokerPlan[];
}

/** What one broker offers. */
export interface BrokerCatalog {
  services: BrokerServiceOffering[];
}

/** A service and one of its plans, picked out of a catalog. */
export interface ResolvedPlan {
  service: BrokerServiceOffering;
  plan: BrokerPlan;
}

/**
 * Finds `service:plan` (names or ids) in a catalog. A bare service name is enough when the service
 * has one plan; anything ambiguous or unknown is a user error that names the valid choices.
 */
export function resolvePlan(catalog: BrokerCatalog, ref: string, field = 'plan'): ResolvedPlan {
  const trimmed = ref.trim();
  const colon = trimmed.indexOf(':');
  const serviceRef = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const planRef = colon < 0 ? null : trimmed.slice(colon + 1);
  if (serviceRef === '' || planRef === '') {
    throw new ValidationError(`"${ref}" is not a plan: expected "service:plan"`, field);
  }
  const service = catalog.services.find((s) => s.name === serviceRef || s.id === serviceRef);
  if (!service) {
    const known = catalog.services.map((s) => s.name).join(', ') || 'none';
    throw new NotFoundError(`no addon service "${serviceRef}" (available: ${known})`, field);
  }
  const planNames = service.plans.map((p) => `${service.name}:${p.name}`).join(', ');
  if (planRef === null) {
    if (service.plans.length === 1) return { service, plan: service.plans[0]! };
    throw new ValidationError(`service "${service.name}" has several plans, name one of: ${planNames}`, field);
  }
  const plan = service.plans.find((p) => p.name === planRef || p.id === planRef);
  if (!plan) throw new NotFoundError(`no plan "${planRef}" in service "${service.name}" (available: ${planNames})`, field);
  return { service, plan };
}

/** The OSB requests that change something at a broker. */
export type BrokerOperationKind = 'provision' | 'update' | 'deprovision' | 'bind' | 'unbind';

/** `state` of an OSB last_operation answer. */
export type LastOperationState = 'in progress' | 'succeeded' | 'failed';

/** What came back for one broker request, as far as orphan mitigation cares. */
export type BrokerResponse =
  /** An HTTP answer; `malformed` when a 2xx body could not be understood. */
  | { kind: 'http'; status: number; malformed?: boolean }
  /** The request was sent but no complete answer arrived in time (or the connection broke mid-way). */
  | { kind: 'timeout' }
  /** The request provably never reached the broker (connection refused, unknown host). */
  | { kind: 'unreachable' }
  /** A well-formed last_operation answer; a poll that ran past its deadline counts as `failed`. */
  | { kind: 'last_operation'; state: LastOperationState };

/** What must be deleted at the broker to clean up after a failure: the instance, the binding, or nothing. */
export type OrphanTarget = 'instance' | 'binding' | null;

const INSTANCE_OPS: ReadonlySet<BrokerOperationKind> = new Set(['provision', 'deprovision']);
const BINDING_OPS: ReadonlySet<BrokerOperationKind> = new Set(['bind', 'unbind']);

function targetOf(operation: BrokerOperationKind): OrphanTarget {
  if (INSTANCE_OPS.has(operation)) return 'instance';
  if (BINDING_OPS.has(operation)) return 'binding';
  return null;
}

/**
 * The OSB v2.17 orphan-mitigation table as a function: whether the platform must send a
 * deprovision (`instance`) or an unbind (`binding`) after this response to `operation`.
 * Updates never trigger it; neither do 4xx answers, nor requests that never left the platform.
 */
export function needsOrphanMitigation(response: BrokerResponse, operation: BrokerOperationKind): OrphanTarget {
  switch (response.kind) {
    case 'unreachable':
      return null;
    case 'timeout':
      return operation === 'provision' ? 'instance' : operation === 'bind' ? 'binding' : null;
    case 'last_operation':
      return response.state === 'failed' ? targetOf(operation) : null;
    case 'http': {
      const { status } = response;
      if (status === 200 || status === 202) return null;
      if (status === 201) {
        if (!response.malformed) return null;
        return operation === 'provision' ? 'instance' : operation === 'bind' ? 'binding' : null;
      }
      if (status >= 200 && status < 300) return targetOf(operation);
      if (status >= 500 && status < 600) return targetOf(operation);
      return null;
    }
  }
}

/** Binding data the broker returned (credentials become config vars; the rest is kept as is). */
export interface BindingResult {
  credentials: Record<string, unknown>;
  syslog_drain_url: string | null;
  route_service_url: string | null;
  volume_mounts: unknown[];
  endpoints: unknown[];
  metadata: Record<string, unknown> | null;
}

/**
 * One last_operation poll. `unknown` is a transient failure (broker down, 5xx, garbage, a 410 while
 * creating): OSB says keep polling until the deadline, so it is not a failure of the operation.
 */
export type LastOperationResult =
  | { state: 'in progress'; description: string | null; retry_after_ms: number | null }
  /** `gone` when a delete was confirmed by 410; `binding` is set for binds (fetched after the poll). */
  | { state: 'succeeded'; description: string | null; gone: boolean; binding?: BindingResult }
  | {
      state: 'failed';
      description: string | null;
      instance_usable: boolean | null;
      update_repeatable: boolean | null;
    }
  | { state: 'unknown'; error: PlatformError; retry_after_ms: number | null };

/** How a platform polls: backoff shape and the longest it waits for any single operation. */
export interface PollPolicy {
  /** Wait before the first poll when the broker gives no Retry-After. */
  initialDelayMs: number;
  /** Growth of the wait between polls without Retry-After. */
  factor: number;
  /** Longest wait between polls without Retry-After. */
  maxDelayMs: number;
  /** Shortest wait between polls, even when Retry-After says 0 (protects the broker). */
  minDelayMs: number;
  /** Platform cap on one operation; a plan's maximum_polling_duration can only shorten it. */
  maxDurationMs: number;
}

/** Polling defaults: quick first polls for fast brokers, one hour before giving up. */
export const DEFAULT_POLL_POLICY: PollPolicy = {
  initialDelayMs: 1_000,
  factor: 1.5,
  maxDelayMs: 30_000,
  minDelayMs: 200,
  maxDurationMs: 60 * 60 * 1000,
};

/** When polling an operation started at `startedAt` must stop (the earlier of platform and plan limits). */
export function pollDeadline(
  startedAt: Date,
  plan: Pick<BrokerPlan, 'maximum_polling_duration'> | null,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): Date {
  let ms = policy.maxDurationMs;
  const planSeconds = plan?.maximum_polling_duration;
  if (planSeconds != null && planSeconds > 0) ms = Math.min(ms, planSeconds * 1000);
  return new Date(startedAt.getTime() + ms);
}

/**
 * Wait before poll number `polls + 1`: the broker's Retry-After when given (never below the floor), else backoff.
 * This is a poll schedule, not a retry: OSB has the platform honour the broker's Retry-After, and the plan's
 * maximum_polling_duration bounds it, so it stays deterministic instead of using the kernel's jittered `backoffMs`.
 */
export function nextPollDelay(polls: number, retryAfterMs: number | null, policy: PollPolicy = DEFAULT_POLL_POLICY): number {
  if (retryAfterMs != null && Number.isFinite(retryAfterMs)) return Math.max(policy.minDelayMs, retryAfterMs);
  const backoff = policy.initialDelayMs * Math.pow(policy.factor, Math.max(0, polls));
  return Math.max(policy.minDelayMs, Math.min(policy.maxDelayMs, backoff));
}

/**
 * When to poll next, or null once the deadline has passed. A wait that would overshoot the deadline
 * is cut short so the last poll happens right at it (the operation may have finished meanwhile).
 */
export function nextPollAt(
  now: Date,
  deadline: Date,
  polls: number,
  retryAfterMs: number | null,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): Date | null {
  if (now.getTime() >= deadline.getTime()) return null;
  const at = now.getTime() + nextPollDelay(polls, retryAfterMs, policy);
  return new Date(Math.min(at, deadline.getTime()));
}

/**
 * An asynchronous broker operation waiting for its outcome: plain JSON, so it can be a durable job's
 * payload and survive a controller restart.
 */
export interface PendingBrokerOperation {
  /** Name of the broker that accepted the operation. */
  broker: string;
  operation: BrokerOperationKind;
  instance_id: string;
  service_id: string;
  /** For updates, the plan before the update: OSB polls with the old plan id. */
  plan_id: string;
  binding_id: string | null;
  /** The broker's operation id from the 202 answer, echoed on every poll; null when it gave none. */
  operation_id: string | null;
  /** ISO instant the broker accepted the operation. */
  started_at: string;
  /** ISO instant after which the operation counts as failed. */
  deadline: string;
  /** Polls made so far (drives backoff). */
  polls: number;
  /** Last transient error, to show progress without failing. */
  last_error: string | null;
}

/** Builds the durable record of an operation a broker answered 202 for. */
export function pendingOperation(
  input: {
    broker: string;
    operation: BrokerOperationKind;
    instance_id: string;
    service_id: string;
    plan_id: string;
    binding_id?: string | null;
    operation_id: string | null;
  },
  now: Date,
  plan: Pick<BrokerPlan, 'maximum_polling_duration'> | null,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): PendingBrokerOperation {
  return {
    broker: input.broker,
    operation: input.operation,
    instance_id: input.instance_id,
    service_id: input.service_id,
    plan_id: input.plan_id,
    binding_id: input.binding_id ?? null,
    operation_id: input.operation_id,
    started_at: now.toISOString(),
    deadline: pollDeadline(now, plan, policy).toISOString(),
    polls: 0,
    last_error: null,
  };
}

/** What the job holding a pending operation does after a poll. */
export type PollDecision =
  /** Save `pending` and run again at `at`. */
  | { action: 'poll'; at: Date; pending: PendingBrokerOperation }
  /** Done; for binds `result.binding` carries the credentials. */
  | { action: 'succeeded'; result: Extract<LastOperationResult, { state: 'succeeded' }> }
  /** Done and failed; schedule orphan mitigation when `orphan_mitigation` is set. */
  | {
      action: 'failed';
      reason: string;
      orphan_mitigation: OrphanTarget;
      instance_usable: boolean | null;
      update_repeatable: boolean | null;
    };

/** The polling state machine: one poll result in, the next step out. Pure, so restarts replay it safely. */
export function decideAfterPoll(
  pending: PendingBrokerOperation,
  result: LastOperationResult,
  now: Date,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): PollDecision {
  const failed = needsOrphanMitigation({ kind: 'last_operation', state: 'failed' }, pending.operation);
  if (result.state === 'succeeded') return { action: 'succeeded', result };
  if (result.state === 'failed') {
    return {
      action: 'failed',
      reason: result.description ?? `the broker reports that ${pending.operation} failed`,
      orphan_mitigation: failed,
      instance_usable: result.instance_usable,
      update_repeatable: result.update_repeatable,
    };
  }
  const lastError = result.state === 'unknown' ? result.error.message : pending.last_error;
  const at = nextPollAt(now, new Date(pending.deadline), pending.polls, result.retry_after_ms, policy);
  if (at === null) {
    const why = lastError && result.state === 'unknown' ? ` (last error: ${lastError})` : '';
    return {
      action: 'failed',
      reason: `the broker did not finish ${pending.operation} before ${pending.deadline}${why}`,
      orphan_mitigation: failed,
      instance_usable: null,
      update_repeatable: null,
    };
  }
  return {
    action: 'poll',
    at,
    pending: { ...pending, polls: pending.polls + 1, last_error: result.state === 'unknown' ? lastError : null },
  };
}

/**
 * A deprovision or unbind the platform owes a broker after a failure. OSB asks to keep trying
 * until the broker says yes, so it carries no deadline, only a growing wait.
 */
export interface OrphanMitigationTask {
  broker: string;
  target: 'instance' | 'binding';
  instance_id: string;
  service_id: string;
  plan_id: string;
  binding_id: string | null;
  attempts: number;
  last_error: string | null;
}

/**
 * When to retry orphan mitigation after `attempts` failed tries: the kernel's jittered backoff, its ceiling doubling
 * from 1 s up to 10 minutes (OSB prescribes no schedule here, only that the platform keeps trying).
 */
export function nextOrphanMitigationAt(now: Date, attempts: number, maxDelayMs = 10 * 60 * 1000, random: () => number = Math.random): Date {
  return new Date(now.getTime() + backoffMs(attempts + 1, { baseMs: 1000, capMs: maxDelayMs, random }));
}

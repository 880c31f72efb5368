import { randomUUID } from 'node:crypto';
import type { InjectionToken } from 'tsyringe';
import { ConcurrencyError } from '../errors.js';
import { backoffMs } from './backoff.js';
import { Batcher, eachAlone, type BatchResult } from './batcher.js';
import { settleAll } from './settle.js';
import { systemClock, type Clock } from './clock.js';
import { newId } from './ids.js';
import type { Job } from './job.js';
import { silentLogger, type Logger } from './logger.js';
import { noTelemetry, type HistogramDef, type MetricDef, type Telemetry } from './telemetry.js';
import type { Store, StoreTx } from './store.js';

/** What a handler decides about the job it ran. */
export type JobOutcome = (
  /** Finished; never run again. */
  | { status: 'succeeded' }
  /** Run again at `at` (a poll, a retry after a transient failure); `error` is kept as last_error. */
  | { status: 'retry'; at: Date; error?: string; payload?: Record<string, unknown> }
  /** Gave up for good. */
  | { status: 'failed'; error: string }
) & {
  /**
   * What the run learnt, written in the transaction that saves the job's outcome: both land or neither, and a run
   * whose lease was lost (whose outcome does not count) writes nothing.
   */
  writes?: (tx: StoreTx) => Promise<void>;
};

/** Tools a running handler gets: a signal to honour, and the platform's clock. */
export interface JobContext {
  /**
   * Aborted when the heartbeat finds the lease lost (another worker holds the job now: stop at once, whatever the
   * handler returns is not saved) or when the runner stops (wind down and return `interrupted(ctx)`). The reason is
   * a `JobInterruptedError` saying which. Pass it on to long calls, or check it before each step that writes.
   */
  signal: AbortSignal;
  /** The platform's clock: compute `run_at` and deadlines from it, so tests can drive them with fake timers. */
  clock: Clock;
}

/** Why a running job's signal was aborted: its lease went to another worker, or its runner is stopping. */
export class JobInterruptedError extends Error {
  constructor(
    message: string,
    /** `lease-lost`: another worker runs the job now; `stopping`: the runner is shutting down. */
    readonly reason: 'lease-lost' | 'stopping',
  ) {
    super(message);
    this.name = 'JobInterruptedError';
  }
}

/** Whether the job's signal says another worker holds its lease now (anything this run writes would be a duplicate). */
export function leaseLost(ctx: JobContext): boolean {
  const reason: unknown = ctx.signal.reason;
  return ctx.signal.aborted && reason instanceof JobInterruptedError && reason.reason === 'lease-lost';
}

/** The outcome of a handler that noticed its signal: run again right away (by whoever holds the job then). */
export function interrupted(ctx: JobContext): JobOutcome {
  const reason = ctx.signal.reason instanceof Error ? ctx.signal.reason.message : 'interrupted';
  return { status: 'retry', at: ctx.clock.now(), error: reason };
}

/** Runs jobs of one kind. Handlers must be idempotent: after a crash a job runs again from its payload. */
export interface JobHandler {
  kind: string;
  run(job: Job, ctx: JobContext): Promise<JobOutcome>;
  /**
   * Told of jobs claimed to run next in this process, in the order they will run, so that what they need can be
   * read in one go. Optional; `run` must not depend on it.
   */
  prefetch?(jobs: Job[]): void;
}

/** Tuning of the runner. */
export interface JobRunnerOptions {
  /** How long a claim lasts without a heartbeat; a crashed worker's jobs are reclaimed after it. */
  leaseMs?: number;
  /** Idle polling interval. */
  pollMs?: number;
  /** Jobs run at the same time by this runner. */
  concurrency?: number;
  /**
   * Jobs of one key a slot claims at once (its head and the ones right behind it) and runs back to back, saving each
   * outcome while the next one runs; default 8, and 1 claims one job at a time.
   */
  runAhead?: number;
  /** Worker identity (defaults to a random id per process). */
  owner?: string;
  /** How often a running job's lease is extended; default a third of `leaseMs`. */
  heartbeatMs?: number;
  /** Time source of leases, heartbeats, polls and retries; default the platform's clock (else the system clock). */
  clock?: Clock;
  /** Random source of the jittered retry backoff (tests pass a fixed one); default Math.random. */
  random?: () => number;
  /** Where failed runs are logged (one line per failed attempt); default the platform's logger, else silent. */
  logger?: Logger;
  /** Where run outcomes and durations are counted; default the platform's telemetry, else none. */
  telemetry?: Telemetry;
}

/** Finished runs of durable jobs, by kind and outcome. */
export const JOB_RUNS: MetricDef = {
  name: 'slipway_job_runs_total',
  help: 'Runs of durable jobs by kind and outcome: succeeded, retry (the handler asked to run again), failed (gave up), error (the handler threw), interrupted (the runner stopped), lease_lost.',
  labels: ['kind', 'outcome'],
};

/** How long job runs took, by kind. */
export const JOB_RUN_SECONDS: HistogramDef = {
  name: 'slipway_job_run_duration_seconds',
  help: 'Duration of durable job runs by kind.',
  labels: ['kind'],
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
};

/** Adds a job inside the caller's transaction, so it exists exactly when the change that needs it commits. */
export async function enqueueJob(tx: StoreTx, kind: string, key: string, payload: Record<string, unknown>, runAt = new Date()): Promise<Job> {
  const job = newJob(kind, key, payload, runAt);
  await tx.jobs.enqueue(job);
  return job;
}

/** A queued job, not yet stored (`tx.jobs.enqueue` takes several at once). */
export function newJob(kind: string, key: string, payload: Record<string, unknown>, runAt = new Date()): Job {
  const now = new Date();
  return {
    id: newId(),
    kind,
    key,
    payload,
    state: 'queued',
    attempts: 0,
    run_at: runAt,
    lease_owner: null,
    lease_expires_at: null,
    last_error: null,
    created_at: now,
    updated_at: now,
  };
}

/** A run's outcome on its way to the store: the job as leased, what the handler decided, how many of its key's next jobs to claim. */
interface Settling {
  job: Job;
  outcome: JobOutcome;
  /** 0: none (the key stops here, or more of its jobs are already claimed). */
  next: number;
}

/** How saving an outcome ended: whether it counted (its lease was still this runner's), and the key's jobs claimed next. */
interface Saved {
  saved: boolean;
  next: Job[];
}

/** Jobs of one key a slot runs back to back before it gives its turn back to the poll. */
const KEY_RUN = 32;

/**
 * Claims and runs durable jobs under leases. Several runners (in one process or on several
 * controller replicas sharing a PostgreSQL store) share the work; a job whose runner died is
 * claimed again once its lease expires. A runner that finds its lease taken aborts the handler
 * and drops its outcome, so two runners never both record the same work.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly concurrency: number;
  private readonly runAhead: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly countRun: (labels: { kind: string; outcome: string }) => void;
  private readonly timeRun: (labels: { kind: string }, seconds: number) => void;
  readonly owner: string;
  private stopping: AbortController | null = null;
  private loop: Promise<void> | null = null;
  /** Aborted by `wake()` to cut the idle sleep short. */
  private waker: AbortController | null = null;
  private woken = false;
  private readonly active = new Set<Promise<void>>();
  /** The keys a slot is running, with how many slots run each (a key's jobs run one at a time, but a stale lease can overlap). */
  private readonly runningKeys = new Map<string, number>();
  /** Outcomes finishing together are saved together. */
  private readonly settler = new Batcher<Settling, Saved>((items) => this.saveOutcomes(items));

  constructor(
    private readonly store: Store,
    options: JobRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 500;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.floor(this.leaseMs / 3));
    this.concurrency = options.concurrency ?? 16;
    this.runAhead = Math.max(1, Math.floor(options.runAhead ?? 8));
    this.owner = options.owner ?? `runner-${randomUUID()}`;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    const telemetry = options.telemetry ?? noTelemetry;
    this.countRun = telemetry.counter(JOB_RUNS);
    this.timeRun = telemetry.histogram(JOB_RUN_SECONDS);
  }

  /** Registers the handler of one job kind (before start). */
  register(handler: JobHandler): void {
    this.handlers.set(handler.kind, handler);
  }

  /** Starts polling. */
  start(): void {
    if (this.stopping) return;
    const stop = new AbortController();
    this.stopping = stop;
    this.loop = this.pollLoop(stop.signal);
  }

  /**
   * Stops claiming, aborts running handlers and waits for them to return. Their outcomes are saved, and a
   * handler that answers `interrupted(ctx)` gives its job back for the next runner to claim at once; one that
   * never returns keeps its lease only until it expires.
   */
  async stop(): Promise<void> {
    const stop = this.stopping;
    if (!stop) return;
    stop.abort(new JobInterruptedError(`job runner ${this.owner} is stopping`, 'stopping'));
    this.waker?.abort();
    await this.loop;
    await Promise.allSettled([...this.active]);
    this.stopping = null;
    this.loop = null;
  }

  /**
   * Polls right away (call after committing new jobs, so they do not wait for the next tick). Given the new jobs'
   * keys, it does not when every one of them is running in a slot here: that slot claims what its key queued next,
   * and polls itself when its run ends, so a job committed just after the slot looked is not left behind.
   */
  wake(keys?: readonly string[]): void {
    if (!this.stopping || this.stopping.signal.aborted) return;
    if (keys?.length && keys.every((k) => this.runningKeys.has(k))) return;
    this.woken = true;
    this.waker?.abort();
  }

  /** Claims jobs while there is capacity and work; then sleeps until the next poll or wake. */
  private async pollLoop(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      this.woken = false;
      try {
        while (!stop.aborted && this.active.size < this.concurrency) {
          // Every free slot at once: one claim query per batch, not one per job.
          const jobs = await this.claim(this.concurrency - this.active.size);
          if (jobs.length === 0) break;
          for (const job of jobs) {
            if (stop.aborted) await this.giveBack(job);
            else this.launch(job, stop);
          }
        }
      } catch {
        // The store is unreachable for now; the next poll tries again.
      }
      if (stop.aborted) break;
      if (this.woken) continue;
      const waker = new AbortController();
      this.waker = waker;
      await this.clock.sleep(this.pollMs, AbortSignal.any([waker.signal, stop]));
      this.waker = null;
    }
  }

  private claim(limit: number): Promise<Job[]> {
    const now = this.clock.now();
    return this.store.transaction((tx) => tx.jobs.claimBatch([...this.handlers.keys()], this.owner, now, new Date(now.getTime() + this.leaseMs), limit));
  }

  /** Returns a job claimed just as the runner stopped, as if it had never been claimed. */
  private async giveBack(job: Job): Promise<void> {
    const back: Job = { ...job, state: 'queued', attempts: Math.max(0, job.attempts - 1), lease_owner: null, lease_expires_at: null, updated_at: this.clock.now() };
    await this.store.transaction((tx) => tx.jobs.save(back, this.owner)).catch(() => undefined);
  }

  private launch(job: Job, stop: AbortSignal): void {
    const p = this.runKey(job, stop)
      // An outcome could not be saved (the store failed mid-commit): its lease runs out and the job runs again.
      .catch((err: unknown) => this.logger.warn({ kind: job.kind, key: job.key, error: (err as Error)?.message ?? String(err) }, 'saving a job outcome failed; it runs again once its lease expires'))
      .finally(() => {
        this.active.delete(p);
        this.wake();
      });
    this.active.add(p);
  }

  /**
   * Runs a claimed job, then the jobs queued behind it on its key, one after another in this slot. The transaction
   * that saves the last outcome of a run claims the key's next jobs (up to `runAhead`), and while one of those runs,
   * the outcome of the one before it is saved: a job never starts before the one ahead of it finished, and the claim
   * behind a run waits until all of its outcomes are saved. Bounded, so a long backlog on one key gives its slot back
   * to the poll now and then and other keys get their turn.
   */
  private async runKey(first: Job, stop: AbortSignal): Promise<void> {
    const key = first.key;
    this.runningKeys.set(key, (this.runningKeys.get(key) ?? 0) + 1);
    let queue: Job[] = [first];
    const saving: Promise<Saved>[] = [];
    try {
      for (let n = 0; queue.length > 0; n++) {
        const claimed = queue.shift()!;
        // Claimed as the runner began to stop: handed back untouched, as a batch claim's leftovers are.
        const job = n > 0 && stop.aborted ? null : await this.renewed(claimed);
        if (!job) {
          queue.unshift(claimed);
          break;
        }
        const ran = await this.execute(job, stop);
        // Lost to another worker, or to run again later: the jobs claimed behind it wait for it, back in the queue.
        if (!ran || ran.outcome.status === 'retry' || (queue.length > 0 && stop.aborted)) {
          if (ran) saving.push(this.save(ran.job, ran.outcome));
          break;
        }
        if (queue.length > 0) {
          // Saved while the next job runs; should it not count (its lease was lost), the run stops after that one.
          saving.push(this.save(ran.job, ran.outcome));
          continue;
        }
        const earlier = await Promise.all(saving.splice(0));
        const more = earlier.every((e) => e.saved) && !stop.aborted ? Math.min(this.runAhead, KEY_RUN - n - 1) : 0;
        queue = (await this.settler.submit({ job: ran.job, outcome: ran.outcome, next: Math.max(0, more) })).next.filter((j) => j.key === key);
        if (queue.length > 0) this.handlers.get(queue[0]!.kind)?.prefetch?.(queue);
      }
    } finally {
      // Outcomes still being saved land before the leftovers go back (behind them) and before the slot is freed.
      await Promise.allSettled(saving);
      for (const left of queue) await this.giveBack(left);
      // Before `launch` polls for what the run leaves behind (it wakes the poll once this returns).
      const left = (this.runningKeys.get(key) ?? 1) - 1;
      if (left > 0) this.runningKeys.set(key, left);
      else this.runningKeys.delete(key);
    }
  }

  /** Submits an outcome that claims nothing; a failure to save it is handled where the run awaits it. */
  private save(job: Job, outcome: JobOutcome): Promise<Saved> {
    const saved = this.settler.submit({ job, outcome, next: 0 });
    // Awaited later, maybe after it failed: a rejection with no handler yet must not count as unhandled.
    saved.catch(() => undefined);
    return saved;
  }

  /**
   * The job with a lease that lasts a full term: a job claimed behind others waited for them with no heartbeat, so
   * its lease is renewed before it runs once it is older than a beat. Null when that renewal failed (the lease may be
   * someone else's now).
   */
  private async renewed(job: Job): Promise<Job | null> {
    const now = this.clock.now();
    if ((job.lease_expires_at?.getTime() ?? 0) - now.getTime() >= this.leaseMs - this.heartbeatMs) return job;
    const next: Job = { ...job, lease_expires_at: new Date(now.getTime() + this.leaseMs), updated_at: now };
    try {
      await this.store.transaction((tx) => tx.jobs.save(next, this.owner));
      return next;
    } catch {
      return null;
    }
  }

  /** Runs one claimed job with a heartbeat; answers the job as last leased and its outcome, or null when the lease was lost. */
  private async execute(job: Job, stop: AbortSignal): Promise<{ job: Job; outcome: JobOutcome } | null> {
    const handler = this.handlers.get(job.kind)!;
    const interrupt = new AbortController();
    const onStop = () => interrupt.abort(stop.reason);
    if (stop.aborted) onStop();
    else stop.addEventListener('abort', onStop, { once: true });
    const finished = new AbortController();
    const lease = { current: job, lost: false };
    const heartbeat = this.heartbeat(lease, interrupt, finished.signal);
    let outcome: JobOutcome;
    let threw = false;
    const started = performance.now();
    try {
      outcome = await handler.run(job, { signal: interrupt.signal, clock: this.clock });
    } catch (err) {
      threw = true;
      const error = (err as Error)?.message ?? String(err);
      // Thrown because it was interrupted: run again right away rather than after a failure's backoff.
      const at = interrupt.signal.aborted ? this.clock.now() : new Date(this.clock.now().getTime() + backoffMs(job.attempts, { random: this.random }));
      outcome = { status: 'retry', at, error };
    } finally {
      stop.removeEventListener('abort', onStop);
      // A reason of our own: abort() without one builds a DOMException (and its stack) for every job run.
      finished.abort(RUN_FINISHED);
      // A renewal still in flight must land before the outcome, or it would overwrite it with `running`.
      await heartbeat;
    }
    this.timeRun({ kind: job.kind }, (performance.now() - started) / 1000);
    // Another worker holds the job now and runs it again: what this run learnt must not count.
    if (lease.lost) {
      this.countRun({ kind: job.kind, outcome: 'lease_lost' });
      return null;
    }
    this.report(job, outcome, threw, interrupt.signal.aborted);
    return { job: lease.current, outcome };
  }

  /** The row a run's outcome leaves behind, as of `now`. */
  private settled(current: Job, outcome: JobOutcome, now: Date): Job {
    const released = { lease_owner: null, lease_expires_at: null, updated_at: now };
    // A finished job keeps the owner that finished it (no lease: it is never claimed again), so operators can see
    // how replicas shared the work.
    const kept = { lease_owner: this.owner, lease_expires_at: null, updated_at: now };
    if (outcome.status === 'succeeded') return { ...current, state: 'succeeded', ...kept };
    if (outcome.status === 'failed') return { ...current, state: 'failed', last_error: outcome.error, ...kept };
    return { ...current, state: 'queued', run_at: outcome.at, last_error: outcome.error ?? current.last_error, payload: outcome.payload ?? current.payload, ...released };
  }

  /**
   * Saves the outcomes that finished meanwhile in one transaction (group commit): their writes, the finished jobs in
   * one statement, and the next head of each key that goes on. Should that transaction fail (one lease lost, one
   * write refused), each outcome is saved on its own, so one job's conflict costs the others nothing.
   */
  private async saveOutcomes(items: Settling[]): Promise<BatchResult<Saved>[]> {
    if (items.length > 1) {
      try {
        const next = await this.store.transaction((tx) => this.saveIn(tx, items));
        return items.map((i) => ({ ok: true, value: { saved: true, next: i.next ? (next.get(i.job.key) ?? []) : [] } }));
      } catch {
        // Retried item by item below, where each failure reaches only its own slot.
      }
    }
    return eachAlone(items, async (i) => {
      try {
        return { saved: true, next: (await this.store.transaction((tx) => this.saveIn(tx, [i]))).get(i.job.key) ?? [] };
      } catch (err) {
        // Lost the lease after the last heartbeat (we were presumed dead and someone else runs it now): theirs counts.
        if (err instanceof ConcurrencyError) return { saved: false, next: [] };
        throw err;
      }
    });
  }

  /** Writes `items`' outcomes in `tx`; answers the next jobs claimed per key, oldest first (for the items that go on). */
  private async saveIn(tx: StoreTx, items: Settling[]): Promise<Map<string, Job[]>> {
    const now = this.clock.now();
    // Side by side: writes of one kind can then share a statement (the webhook handler's attempts do).
    const writes = settleAll(items.map((i) => i.outcome.writes?.(tx) ?? Promise.resolve()));
    const finished = items.filter((i) => i.outcome.status === 'succeeded').map((i) => i.job.id);
    const keys = [...new Set(items.filter((i) => i.next).map((i) => i.job.key))];
    const depth = Math.max(1, ...items.map((i) => i.next));
    // The finished ones are marked and their next heads claimed in one call (one statement where the store can). When
    // all succeeded it goes out beside the writes (what they record is no job's state, so neither waits for the other);
    // otherwise after them and after the others are saved, so that a failed job no longer heads its key.
    const claim = () => tx.jobs.succeedThenClaimHeads(finished, keys, [...this.handlers.keys()], this.owner, now, new Date(now.getTime() + this.leaseMs), depth);
    let claimed: Job[];
    if (finished.length === items.length) {
      const both = await settleAll([writes, claim()] as const);
      claimed = both[1];
    } else {
      await writes;
      for (const i of items) if (i.outcome.status !== 'succeeded') await tx.jobs.save(this.settled(i.job, i.outcome, now), this.owner);
      claimed = await claim();
    }
    const byKey = new Map<string, Job[]>();
    for (const j of claimed) byKey.set(j.key, [...(byKey.get(j.key) ?? []), j]);
    return byKey;
  }

  /**
   * Counts a run's outcome and logs it when it failed: once per failed attempt, with the job's id, kind and attempt
   * and the error's message only (payloads may hold what must not reach logs). A scheduled retry (a poll) is no failure.
   */
  private report(job: Job, outcome: JobOutcome, threw: boolean, aborted: boolean): void {
    const fields = { job_id: job.id, kind: job.kind, attempt: job.attempts };
    if (aborted && outcome.status === 'retry') {
      this.countRun({ kind: job.kind, outcome: 'interrupted' });
      this.logger.debug(fields, 'job interrupted; it runs again');
    } else if (threw && outcome.status === 'retry') {
      this.countRun({ kind: job.kind, outcome: 'error' });
      this.logger.warn({ ...fields, error: outcome.error, retry_at: outcome.at.toISOString() }, 'job attempt failed');
    } else if (outcome.status === 'failed') {
      this.countRun({ kind: job.kind, outcome: 'failed' });
      this.logger.error({ ...fields, error: outcome.error }, 'job failed');
    } else {
      this.countRun({ kind: job.kind, outcome: outcome.status });
    }
  }

  /**
   * Extends the lease every `heartbeatMs` until `finished`. When the store says the lease is someone else's, or
   * renewals kept failing until the lease ran out (another worker may have claimed it), the handler is aborted.
   */
  private async heartbeat(lease: { current: Job; lost: boolean }, interrupt: AbortController, finished: AbortSignal): Promise<void> {
    for (;;) {
      await this.clock.sleep(this.heartbeatMs, finished);
      if (finished.aborted) return;
      const now = this.clock.now();
      const next: Job = { ...lease.current, lease_expires_at: new Date(now.getTime() + this.leaseMs), updated_at: now };
      try {
        await this.store.transaction((tx) => tx.jobs.save(next, this.owner));
        lease.current = next;
      } catch (err) {
        const expired = (lease.current.lease_expires_at?.getTime() ?? 0) <= this.clock.now().getTime();
        if (err instanceof ConcurrencyError || expired) {
          lease.lost = true;
          interrupt.abort(new JobInterruptedError(`job ${lease.current.id} is leased to another worker now`, 'lease-lost'));
          return;
        }
        // The store is unreachable for now: the lease is still ours until it expires; try again next beat.
      }
    }
  }
}

/** Why a run's heartbeat stops: its job finished (nothing reads it; it only spares building an AbortError). */
const RUN_FINISHED = Symbol('run finished');

/** DI token of the JobRunner. */
export const JOB_RUNNER: InjectionToken<JobRunner> = Symbol.for('slipway.JobRunner');

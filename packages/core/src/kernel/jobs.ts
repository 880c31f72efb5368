import { randomUUID } from 'node:crypto';
import type { InjectionToken } from 'tsyringe';
import { ConcurrencyError } from '../errors.js';
import { newId } from './ids.js';
import type { Job } from './job.js';
import type { Store, StoreTx } from './store.js';

/** What a handler decides about the job it ran. */
export type JobOutcome =
  /** Finished; never run again. */
  | { status: 'succeeded' }
  /** Run again at `at` (a poll, a retry after a transient failure); `error` is kept as last_error. */
  | { status: 'retry'; at: Date; error?: string; payload?: Record<string, unknown> }
  /** Gave up for good. */
  | { status: 'failed'; error: string };

/** Tools a running handler gets: extend its lease during long work, and see whether it was asked to stop. */
export interface JobContext {
  /** Aborted when the runner stops; handlers should wind down and return a retry. */
  signal: AbortSignal;
}

/** Runs jobs of one kind. Handlers must be idempotent: after a crash a job runs again from its payload. */
export interface JobHandler {
  kind: string;
  run(job: Job, ctx: JobContext): Promise<JobOutcome>;
}

/** Tuning of the runner. */
export interface JobRunnerOptions {
  /** How long a claim lasts without a heartbeat; a crashed worker's jobs are reclaimed after it. */
  leaseMs?: number;
  /** Idle polling interval. */
  pollMs?: number;
  /** Jobs run at the same time by this runner. */
  concurrency?: number;
  /** Worker identity (defaults to a random id per process). */
  owner?: string;
}

/** Adds a job inside the caller's transaction, so it exists exactly when the change that needs it commits. */
export async function enqueueJob(tx: StoreTx, kind: string, key: string, payload: Record<string, unknown>, runAt = new Date()): Promise<Job> {
  const now = new Date();
  const job: Job = {
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
  await tx.jobs.enqueue(job);
  return job;
}

/**
 * Claims and runs durable jobs under leases. Several runners (in one process or on several
 * controller replicas sharing a PostgreSQL store) share the work; a job whose runner died is
 * claimed again once its lease expires.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  readonly owner: string;
  private running = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopping: AbortController | null = null;
  private active = new Set<Promise<void>>();
  private pumping = false;
  private again = false;

  constructor(
    private readonly store: Store,
    options: JobRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 500;
    this.concurrency = options.concurrency ?? 16;
    this.owner = options.owner ?? `runner-${randomUUID()}`;
  }

  /** Registers the handler of one job kind (before start). */
  register(handler: JobHandler): void {
    this.handlers.set(handler.kind, handler);
  }

  /** Starts polling. */
  start(): void {
    if (this.stopping) return;
    this.stopping = new AbortController();
    this.schedule(0);
  }

  /** Stops claiming, aborts running handlers and waits for them to return. */
  async stop(): Promise<void> {
    if (!this.stopping) return;
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.active]);
    this.stopping = null;
  }

  /** Polls right away (call after committing new jobs, so they do not wait for the next tick). */
  wake(): void {
    if (this.stopping && !this.stopping.signal.aborted) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pump(), ms);
    this.timer.unref?.();
  }

  /** Claims jobs while there is capacity and work; then sleeps until the next poll or wake. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        while (this.stopping && !this.stopping.signal.aborted && this.running < this.concurrency) {
          const job = await this.claim();
          if (!job) break;
          this.launch(job);
        }
      } while (this.again);
    } catch {
      // The store is unreachable for now; the next poll tries again.
    } finally {
      this.pumping = false;
      if (this.stopping && !this.stopping.signal.aborted) this.schedule(this.pollMs);
    }
  }

  private claim(): Promise<Job | null> {
    const now = new Date();
    return this.store.transaction((tx) => tx.jobs.claim([...this.handlers.keys()], this.owner, now, new Date(now.getTime() + this.leaseMs)));
  }

  private launch(job: Job): void {
    this.running++;
    const p = this.execute(job).finally(() => {
      this.running--;
      this.active.delete(p);
      this.wake();
    });
    this.active.add(p);
  }

  /** Runs one claimed job with a heartbeat and records its outcome (unless the lease was lost). */
  private async execute(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    let current = job;
    const heartbeat = setInterval(() => {
      const next = { ...current, lease_expires_at: new Date(Date.now() + this.leaseMs), updated_at: new Date() };
      this.store
        .transaction((tx) => tx.jobs.save(next, this.owner))
        .then(() => (current = next))
        .catch(() => undefined);
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    heartbeat.unref?.();
    let outcome: JobOutcome;
    try {
      outcome = await handler.run(job, { signal: this.stopping!.signal });
    } catch (err) {
      outcome = { status: 'retry', at: new Date(Date.now() + backoffMs(job.attempts)), error: (err as Error).message ?? String(err) };
    } finally {
      clearInterval(heartbeat);
    }
    const now = new Date();
    const done: Job =
      outcome.status === 'succeeded'
        ? { ...current, state: 'succeeded', lease_owner: null, lease_expires_at: null, updated_at: now }
        : outcome.status === 'failed'
          ? { ...current, state: 'failed', last_error: outcome.error, lease_owner: null, lease_expires_at: null, updated_at: now }
          : {
              ...current,
              state: 'queued',
              run_at: outcome.at,
              last_error: outcome.error ?? current.last_error,
              payload: outcome.payload ?? current.payload,
              lease_owner: null,
              lease_expires_at: null,
              updated_at: now,
            };
    try {
      await this.store.transaction((tx) => tx.jobs.save(done, this.owner));
    } catch (err) {
      // Lost the lease (we were presumed dead and someone else runs it now): their outcome counts.
      if (!(err instanceof ConcurrencyError)) throw err;
    }
  }
}

/** Exponential backoff for the n-th attempt of a failing job: 1s, 2s, 4s ... capped at 5 minutes. */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 300_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** DI token of the JobRunner. */
export const JOB_RUNNER: InjectionToken<JobRunner> = Symbol.for('slipway.JobRunner');

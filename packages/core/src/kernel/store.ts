import type { InjectionToken } from 'tsyringe';
import type { Job } from './job.js';
import type { PageRequest } from './paging.js';
import type { StoreChanges } from './store-changes.js';

/**
 * Persistence of every aggregate. Lists take a PageRequest and return up to `max + 1` rows in the
 * requested order, so the caller can tell whether another page follows.
 * Adapters translate native errors: unique violations become ConflictError, lost optimistic
 * races ConcurrencyError.
 */
export interface Store {
  /** Runs `fn` in one database transaction; everything it wrote is kept only if it returns. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs read-only `fn` without opening a transaction (cheaper for single reads). */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Releases connections. */
  close(): Promise<void>;
  /** Tells when committed data changed (absent: the store cannot tell, and nothing may be cached over it). */
  readonly changes?: StoreChanges;
}

/**
 * The repositories visible inside one unit of work. The kernel's are here; each module adds its own by augmenting
 * this interface in its `store.ts`, so a new module adds repositories without editing this file.
 */
export interface StoreTx {
  jobs: JobRepo;
  seenEvents: SeenEventRepo;
  /**
   * Hands the transaction a write whose answer the work does not need (see `trailingWrite`): a store that pipelines
   * may send COMMIT right behind it rather than after its answer, and the transaction still fails, rolled back, when
   * it failed. The write must have issued every statement it makes (one, or several side by side) when handed over:
   * none may wait for an answer first. Absent where a store has no use for it.
   */
  commitWith?(write: Promise<unknown>): void;
}

/**
 * Issues `write` as one of the last of its transaction: with a store that takes it (`commitWith`) the work goes on
 * without its answer, otherwise it is awaited. For writes whose answer nothing reads (an audit row, an outbox row).
 */
export async function trailingWrite(tx: StoreTx, write: Promise<unknown>): Promise<void> {
  if (tx.commitWith) tx.commitWith(write);
  else await write;
}

/** Durable jobs with leases: a crashed worker's job is claimed again once its lease expires. */
export interface JobRepo {
  /** Adds queued jobs: one statement for several (an event's deliveries). */
  enqueue(job: Job | Job[]): Promise<void>;
  /**
   * Claims the oldest runnable job of the given kinds (queued and due, or running with an expired
   * lease) whose key has no older unfinished job, leasing it to `owner` until `leaseUntil`.
   * Safe against concurrent claimers (SKIP LOCKED on PostgreSQL). Null when none is runnable.
   */
  claim(kinds: string[], owner: string, now: Date, leaseUntil: Date): Promise<Job | null>;
  /**
   * Claims up to `limit` jobs as `claim` would, in one query, each the head of a different key (so per-key order
   * holds), oldest first. Empty when none is runnable. The runner fills its free slots with one call, so a burst
   * of deliveries costs one claim per batch instead of one per job.
   */
  claimBatch(kinds: string[], owner: string, now: Date, leaseUntil: Date, limit: number): Promise<Job[]>;
  /**
   * Claims the head (oldest unfinished job) of each of `keys` that is runnable and of one of `kinds`, as `claim`
   * would, in one statement; keys whose head is not runnable give nothing (never the job behind it). A runner that
   * just finished keys' heads asks for their next ones in the same transaction, so backlogs run back to back
   * without a full claim scan per job. With `depth` above 1, each claimed head brings up to `depth - 1` jobs queued
   * right behind it, stopping at the first that is not runnable or not of `kinds` (a runner then runs them back to
   * back without a claim between); the jobs come oldest first.
   */
  claimHeads(keys: string[], kinds: string[], owner: string, now: Date, leaseUntil: Date, depth?: number): Promise<Job[]>;
  /**
   * Marks jobs the caller holds the lease on succeeded (lease released, owner kept) as of `now`, in one statement;
   * ConcurrencyError, changing nothing, when any of them is no longer leased to `owner`.
   */
  succeed(ids: string[], owner: string, now: Date): Promise<void>;
  /**
   * `succeed(ids)`, then `claimHeads(keys)` as of `now`, as one call: a store may send both as one statement, so a runner
   * saving finished heads and claiming their keys' next jobs pays one round trip. ConcurrencyError as `succeed`.
   */
  succeedThenClaimHeads(ids: string[], keys: string[], kinds: string[], owner: string, now: Date, leaseUntil: Date, depth?: number): Promise<Job[]>;
  /** Writes a job the caller holds the lease on; ConcurrencyError when the lease was lost. */
  save(job: Job, owner: string): Promise<void>;
  /** One job by id. */
  get(id: string): Promise<Job | null>;
  /** Jobs of one kind and key, oldest first (to show progress or dedupe). */
  byKey(kind: string, key: string): Promise<Job[]>;
  /** Unfinished jobs counted per kind and state, with the oldest one's creation time (the queue gauges read it). */
  backlog(): Promise<JobBacklog[]>;
}

/** How many unfinished jobs of one kind are in one state, and since when the oldest of them exists. */
export interface JobBacklog {
  kind: string;
  state: 'queued' | 'running';
  count: number;
  oldest_created_at: Date;
}

/** Keys of events already handled, so several controllers observing one engine announce each event once. */
export interface SeenEventRepo {
  /** Records `key`; true for the first caller, false when it was recorded before (by anyone). */
  remember(key: string, at: Date): Promise<boolean>;
  /** Forgets keys recorded before `before` (they will not be observed again). */
  forget(before: Date): Promise<number>;
}

/** DI token of the Store. */
export const STORE: InjectionToken<Store> = Symbol.for('slipway.Store');


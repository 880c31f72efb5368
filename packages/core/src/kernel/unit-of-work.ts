import type { InjectionToken } from 'tsyringe';
import { ConcurrencyError } from '../errors.js';
import type { EventBus } from './bus.js';
import { settleAll } from './settle.js';
import type { PlatformEvent, PlatformEventMap, PlatformEventName } from './payloads.js';
import type { Principal } from './authenticator.js';
import type { Store, StoreTx } from './store.js';

/** Records events inside a unit of work; they are written with it and published after it commits. */
export interface EventSink {
  /**
   * Records an event caused by the current actor and runs the transactional subscribers for it right
   * away, so they see the state at the moment of the event. Awaiting is optional: the unit of work
   * waits for every emitted event before it commits.
   */
  emit<K extends PlatformEventName>(action: K, payload: PlatformEventMap[K], appId?: string): Promise<void>;
  /**
   * Says that an event of `action` about `appId` is likely to follow, so subscribers can start the reads it will need
   * now, beside the work's own first statements, rather than once it is emitted (while the work holds its locks).
   */
  expect(action: PlatformEventName, appId: string): void;
}

/**
 * Runs inside the transaction for every event before commit, so what it writes (audit rows,
 * webhook outbox rows) commits or rolls back together with the change itself.
 */
export type TransactionalSubscriber = ((tx: StoreTx, event: PlatformEvent) => Promise<void>) & {
  /** Told in `tx` that an event of `action` about `appId` is likely to follow (see `EventSink.expect`); must not throw. */
  expect?: (tx: StoreTx, action: PlatformEventName, appId: string) => void;
};

/** DI token of the list of transactional subscribers. */
export const TRANSACTIONAL_SUBSCRIBERS: InjectionToken<TransactionalSubscriber[]> = Symbol.for('slipway.TransactionalSubscribers');

/** How many times a unit of work is re-run after losing an optimistic race. */
const MAX_ATTEMPTS = 5;

/** The one place services open transactions: retries lost races, writes events in-tx, publishes after commit. */
export class UnitOfWork {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly subscribers: TransactionalSubscriber[],
    /**
     * Told after a commit that enqueued jobs, with their keys (the runner polls at once, unless those keys are running
     * there already); a unit of work that enqueued none costs no poll.
     */
    private readonly enqueued: (keys: string[]) => void = () => undefined,
  ) {}

  /** Runs `fn` in a transaction on behalf of `actor`, re-running it from scratch on ConcurrencyError. */
  async run<T>(actor: Principal, fn: (tx: StoreTx, events: EventSink) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const queued: PlatformEvent[] = [];
      const enqueued: string[] = [];
      try {
        const result = await this.store.transaction(async (raw) => {
          const tx = noticingEnqueue(raw, (keys) => enqueued.push(...keys));
          let written: Promise<void> = Promise.resolve();
          const sink: EventSink = {
            emit: (action, payload, appId) => {
              const event = { action, payload, username: actor.username, at: new Date(), ...(appId ? { app_id: appId } : {}) } as PlatformEvent;
              queued.push(event);
              // Events in order, but one event's subscribers side by side: each writes its own rows (audit,
              // outbox, billing) from the event alone. All settle before a failure is passed on, so none is still
              // running on the transaction when it rolls back.
              written = written.then(async () => {
                await settleAll(this.subscribers.map((sub) => sub(tx, event)));
              });
              return written;
            },
            expect: (action, appId) => {
              for (const sub of this.subscribers) sub.expect?.(tx, action, appId);
            },
          };
          const r = await fn(tx, sink);
          await written;
          return r;
        });
        if (enqueued.length) this.enqueued(enqueued);
        for (const event of queued) this.bus.publish(event);
        return result;
      } catch (err) {
        if (err instanceof ConcurrencyError && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
    }
  }

  /** Runs read-only `fn` without a transaction. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.store.read(fn);
  }
}

/** The same repositories, but `jobs.enqueue` also tells `noticed` the keys (the wrapper made when `jobs` is first used). */
function noticingEnqueue(tx: StoreTx, noticed: (keys: string[]) => void): StoreTx {
  let jobs: StoreTx['jobs'] | undefined;
  const enqueue = (job: Parameters<StoreTx['jobs']['enqueue']>[0]) => {
    noticed(Array.isArray(job) ? job.map((j) => j.key) : [job.key]);
    return tx.jobs.enqueue(job);
  };
  return Object.create(tx, {
    jobs: { get: () => (jobs ??= Object.create(tx.jobs, { enqueue: { value: enqueue } }) as StoreTx['jobs']) },
  }) as StoreTx;
}

/** DI token of the UnitOfWork. */
export const UNIT_OF_WORK: InjectionToken<UnitOfWork> = Symbol.for('slipway.UnitOfWork');

import { randomBytes } from 'node:crypto';
import { ConcurrencyError, NotFoundError } from '../../../errors.js';
import type { AddressPolicy } from '../../../kernel/address-policy.js';
import { HookSecrets } from '../domain/hook-secrets.js';
import { deliveryHeaders, validateHookUrl, type Hook, type HookAttempt, type HookDelivery } from '../domain/hooks.js';
import { newId } from '../../../kernel/ids.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import { WEBHOOK_EVENTS, type PlatformEvent } from '../../../kernel/payloads.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { trailingWrite, type Store, type StoreTx } from '../../../kernel/store.js';
import type { WebhookSender } from '../ports/webhook-sender.js';
import type { AppCleanup } from '../../foundation/services/apps.js';
import { backoffMs } from '../../../kernel/backoff.js';
import { Batcher } from '../../../kernel/batcher.js';
import { EarlyReads } from '../../../kernel/early-reads.js';
import { settleAll } from '../../../kernel/settle.js';
import { interrupted, newJob, type JobHandler, type JobOutcome } from '../../../kernel/jobs.js';
import { silentLogger, type Logger } from '../../../kernel/logger.js';
import { CALL_BUCKETS, noTelemetry, type HistogramDef, type MetricDef, type Telemetry } from '../../../kernel/telemetry.js';
import { eventSubject, requireApp } from '../../foundation/services/resolve.js';
import type { TransactionalSubscriber, UnitOfWork } from '../../../kernel/unit-of-work.js';

/** The job kind that delivers one webhook result. */
export const DELIVER_HOOK = 'webhook.deliver';

/** Webhook settings of a platform. */
export interface WebhookOptions {
  /** Posts deliveries; without one, deliveries wait in the outbox until a host provides a sender. */
  sender?: WebhookSender;
  /** Accept hook URLs on loopback, link-local and private addresses (tests, private installs). */
  allowPrivate?: boolean;
  /** Platform key sealing hook secrets at rest (as addon credentials are); without one they are stored in plain text. */
  secretKey?: string | Uint8Array;
  /** The host's outbound address policy (with its allow-list); wins over `allowPrivate` when given. */
  policy?: AddressPolicy;
  /** Attempts before a delivery is given up (default 8). */
  maxAttempts?: number;
  /** Ceiling of the first retry delay; doubles per attempt, the delay is drawn below it (full jitter; default 1s). */
  retryBaseMs?: number;
  /** Longest retry delay (default 5 minutes). */
  retryCapMs?: number;
}

const WEBHOOK_ACTIONS = new Set<string>(WEBHOOK_EVENTS);

/**
 * The outbox: for every webhook event, one delivery row and one job per subscribed hook, written in
 * the transaction of the change. Jobs are keyed by hook, so each hook receives its events in order.
 */
export const webhookOutbox: TransactionalSubscriber = webhookOutboxFor(new HookSecrets(null));

/** The outbox subscriber for hooks whose secrets `secrets` opens (the platform key's). */
export function webhookOutboxFor(secrets: HookSecrets): TransactionalSubscriber {
  // Hooks read when a unit of work said which event would follow: taken by that event.
  const early = new EarlyReads<Hook[]>();
  const outbox: TransactionalSubscriber = async (tx, event: PlatformEvent) => {
  if (!WEBHOOK_ACTIONS.has(event.action) || !event.app_id) return;
  const read = early.take(tx, `${event.app_id} ${event.action}`);
  const hooks = (await (read ?? tx.hooks.subscribed(event.app_id, event.action))).map((h) => secrets.open(h));
  if (!hooks.length) return;
  const body = JSON.stringify({ action: event.action, ...event.payload });
  const deliveries = hooks.map((hook): HookDelivery => {
    const id = newId();
    return {
      id,
      hook_id: hook.id,
      app_id: hook.app_id,
      event: event.action,
      url: hook.url,
      headers: deliveryHeaders(event.action, id, body, hook.secret),
      body,
      status: 'pending',
      num_attempts: 0,
      last_attempt: null,
      created_at: event.at,
      updated_at: event.at,
    };
  });
  // One statement each for all hooks' rows, side by side (a store that pipelines sends them in one round trip): the
  // outbox is written inside the change's transaction, which holds its locks meanwhile, so nothing waits for their
  // answers (they may leave with the COMMIT).
  await trailingWrite(tx, settleAll([tx.hookDeliveries.insert(deliveries), tx.jobs.enqueue(deliveries.map((d) => newJob(DELIVER_HOOK, `hook:${d.hook_id}`, { delivery_id: d.id })))]));
  };
  outbox.expect = (tx, action, appId) => {
    if (WEBHOOK_ACTIONS.has(action)) early.start(tx, `${appId} ${action}`, () => tx.hooks.subscribed(appId, action));
  };
  return outbox;
}

/**
 * Removes an app's hooks when the app is deleted. Pending deliveries stay (the `destroy` event among
 * them) and are sent with the hook they snapshot; finished ones go with the app.
 */
export const removeAppHooks: AppCleanup = async (tx, view) => {
  await tx.hooks.deleteByApp(view.app.id);
};

/** Webhook deliveries by outcome: succeeded, retry (failed, tried again later) or failed (given up). */
export const WEBHOOK_DELIVERIES: MetricDef = {
  name: 'slipway_webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome: succeeded, retry (failed and tried again later) or failed (given up).',
  labels: ['outcome'],
};

/** How long receivers took to answer (or to fail), by outcome. */
export const WEBHOOK_DELIVERY_SECONDS: HistogramDef = {
  name: 'slipway_webhook_delivery_duration_seconds',
  help: 'Duration of webhook delivery attempts (the POST to the receiver) by outcome.',
  labels: ['outcome'],
  buckets: CALL_BUCKETS,
};

/** Where the delivery handler reports: failed attempts to the logger, outcomes and latency to telemetry. */
export interface DeliveryObservers {
  logger?: Logger;
  telemetry?: Telemetry;
}

/** How long a delivery read ahead of its job's run stays good for that run. */
const PREFETCH_FRESH_MS = 2000;

/** Sends one delivery per job run, records the attempt, and retries with the kernel's jittered backoff. */
export function hookDeliveryHandler(store: Store, sender: WebhookSender, options: WebhookOptions = {}, observers: DeliveryObservers = {}): JobHandler {
  const maxAttempts = options.maxAttempts ?? 8;
  const logger = observers.logger ?? silentLogger;
  const telemetry = observers.telemetry ?? noTelemetry;
  const countDelivery = telemetry.counter(WEBHOOK_DELIVERIES);
  const timeDelivery = telemetry.histogram(WEBHOOK_DELIVERY_SECONDS);
  // Deliveries whose jobs start together (one batch's next heads) are read with one query.
  const reads = new Batcher<string, HookDelivery | null>(async (ids) => {
    const found = new Map((await store.read((tx) => tx.hookDeliveries.getMany(ids))).map((d) => [d.id, d]));
    return ids.map((id) => ({ ok: true, value: found.get(id.toLowerCase()) ?? null }));
  });
  // Deliveries of jobs claimed to run next in this process, read together as they were claimed (one query for a key's
  // run of jobs). Taken once, and only while fresh: a job that went back to the queue and came round again reads anew.
  const ahead = new Map<string, { at: number; read: Promise<HookDelivery | null> }>();
  const readAhead = (id: string): Promise<HookDelivery | null> => {
    const got = ahead.get(id);
    ahead.delete(id);
    return got && performance.now() - got.at < PREFETCH_FRESH_MS ? got.read : reads.submit(id);
  };
  // Attempts the runner saves in one transaction (its outcomes' writes run side by side) go out as one statement, in the
  // same turn as the runner's own statement beside them.
  const recorders = new WeakMap<StoreTx, Batcher<{ delivery: HookDelivery; onlyIfHooked: boolean }, boolean>>();
  const record = (tx: StoreTx, delivery: HookDelivery, onlyIfHooked: boolean): Promise<boolean> => {
    let recorder = recorders.get(tx);
    if (!recorder) {
      recorder = new Batcher(async (items) => {
        const written = new Set<string>();
        for (const flag of [true, false]) {
          const some = items.filter((i) => i.onlyIfHooked === flag).map((i) => i.delivery);
          if (some.length) for (const id of await tx.hookDeliveries.updateMany(some, flag)) written.add(id);
        }
        return items.map((i) => ({ ok: true, value: written.has(i.delivery.id) }));
      }, 64, 'microtask');
      recorders.set(tx, recorder);
    }
    return recorder.submit({ delivery, onlyIfHooked });
  };
  return {
    kind: DELIVER_HOOK,
    prefetch(jobs) {
      // Bounded: reads of jobs that were handed back unrun are dropped wholesale rather than kept.
      if (ahead.size > 4096) ahead.clear();
      const at = performance.now();
      for (const job of jobs) {
        const id = String(job.payload.delivery_id);
        const read = reads.submit(id);
        // Settled when taken, or never: its failure surfaces (as a fresh read's would) in the run that takes it.
        read.catch(() => undefined);
        ahead.set(id, { at, read });
      }
    },
    async run(job, ctx): Promise<JobOutcome> {
      const id = String(job.payload.delivery_id);
      const delivery = await readAhead(id);
      // Deleted with its hook, or already settled by an earlier run: nothing to send.
      if (!delivery || delivery.status !== 'pending') return { status: 'succeeded' };
      const { url, headers, body } = delivery;
      const started = performance.now();
      const res = await sender.send({ url, headers, body }, ctx.signal);
      const seconds = (performance.now() - started) / 1000;
      // Lease lost (another worker sends it now) or stopping: record nothing; the next run sends again.
      if (ctx.signal.aborted) return interrupted(ctx);
      // A send cut off by a crash left no record, but its job claim counted it.
      const attempts = Math.max(delivery.num_attempts + 1, job.attempts);
      const attempt: HookAttempt = {
        request: { method: 'post', url, headers, body: JSON.parse(body) as Record<string, unknown> },
        response: res.code === null ? null : { code: res.code, headers: res.headers },
        status: res.ok ? 'succeeded' : 'failed',
        ...(res.ok ? {} : { error: res.error }),
        updated_at: new Date(),
      };
      const retry = !res.ok && res.retry && attempts < maxAttempts;
      const status = res.ok ? 'succeeded' : retry ? 'pending' : 'failed';
      const outcome = res.ok ? 'succeeded' : retry ? 'retry' : 'failed';
      countDelivery({ outcome });
      timeDelivery({ outcome }, seconds);
      // The job itself succeeds or retries quietly, so this is the one line of a failed attempt. The URL, headers and
      // body stay out: a receiver URL may carry credentials, and the headers carry the signature.
      if (!res.ok) {
        const fields = { delivery_id: delivery.id, hook_id: delivery.hook_id, job_id: job.id, kind: job.kind, attempt: attempts, code: res.code, error: res.error };
        if (retry) logger.warn(fields, 'webhook delivery failed; retrying');
        else logger.error(fields, 'webhook delivery failed; giving up');
      }
      // Recorded with the job's outcome, in one transaction: the attempt counts exactly when the job's run does.
      const writes = async (tx: StoreTx): Promise<void> => {
        const settled = status !== 'pending';
        if (await record(tx, { ...delivery, status, num_attempts: attempts, last_attempt: attempt, updated_at: attempt.updated_at }, settled)) return;
        // Settled, and its hook is gone (its app was deleted): no one is left to show the hook's settled deliveries
        // to. Its pending ones stay: the app's deletion may have queued more (addon_change, destroy) behind this one.
        if (settled) await tx.hookDeliveries.deleteSettled(delivery.hook_id, [delivery.id]);
      };
      if (!retry) return { status: 'succeeded', writes };
      const wait = backoffMs(attempts, { baseMs: options.retryBaseMs ?? 1000, capMs: options.retryCapMs ?? 300_000 });
      return { status: 'retry', at: new Date(ctx.clock.now().getTime() + wait), error: res.ok ? '' : res.error, writes };
    },
  };
}

/** Webhooks of apps: create, update, delete, list, and their delivery results. */
export class HookService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: WebhookOptions = {},
    private readonly secrets: HookSecrets = new HookSecrets(null),
  ) {}

  /** Subscribes a URL to events of an app. */
  create(actor: Principal, appRef: string, input: { url: string; events: string[]; active?: boolean; secret?: string }): Promise<Hook> {
    const url = validateHookUrl(input.url, this.options.policy ?? this.options.allowPrivate ?? false);
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      const now = new Date();
      const hook: Hook = {
        id: newId(),
        app_id: view.app.id,
        url,
        events: [...new Set(input.events)],
        active: input.active ?? true,
        secret: input.secret ?? randomBytes(20).toString('hex'),
        created_at: now,
        updated_at: now,
      };
      await tx.hooks.insert(this.secrets.seal(hook));
      events.emit('hook_create', { ...eventSubject(view), hook: { id: hook.id, url: hook.url, events: hook.events, active: hook.active } }, view.app.id);
      return hook;
    });
  }

  /** Applies a partial update. */
  update(actor: Principal, appRef: string, hookId: string, input: { url?: string; events?: string[]; active?: boolean; secret?: string }): Promise<Hook> {
    const url = input.url === undefined ? undefined : validateHookUrl(input.url, this.options.policy ?? this.options.allowPrivate ?? false);
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      const hook = await this.requireHook(tx, view.app.id, hookId);
      const next: Hook = {
        ...hook,
        ...(url !== undefined ? { url } : {}),
        ...(input.events ? { events: [...new Set(input.events)] } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        ...(input.secret !== undefined ? { secret: input.secret } : {}),
        updated_at: new Date(),
      };
      // Sealed on every write, so a row stored in plain text before the key was configured is sealed now.
      await tx.hooks.update(this.secrets.seal(next));
      events.emit('hook_update', { ...eventSubject(view), hook: { id: next.id, url: next.url, events: next.events, active: next.active } }, view.app.id);
      return next;
    });
  }

  /** Removes a hook and its results. */
  delete(actor: Principal, appRef: string, hookId: string): Promise<Hook> {
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      const hook = await this.requireHook(tx, view.app.id, hookId);
      await tx.hookDeliveries.deleteByHook(hook.id);
      if (!(await tx.hooks.delete(hook.id))) throw new ConcurrencyError(`the hook ${hook.id} was deleted concurrently`);
      events.emit('hook_delete', { ...eventSubject(view), hook: { id: hook.id, url: hook.url } }, view.app.id);
      return hook;
    });
  }

  /** A page of an app's hooks. */
  async list(appRef: string, page: PageRequest): Promise<Page<Hook>> {
    const rows = (await this.uow.read(async (tx) => tx.hooks.list((await requireApp(tx, appRef)).app.id, page))).map((h) => this.secrets.open(h));
    return toPage(rows, page, (h) => h.id);
  }

  /** One hook of an app. */
  get(appRef: string, hookId: string): Promise<Hook> {
    return this.uow.read(async (tx) => this.requireHook(tx, (await requireApp(tx, appRef)).app.id, hookId));
  }

  /** A page of a hook's delivery results. */
  async results(appRef: string, hookId: string, page: PageRequest): Promise<{ hook: Hook; page: Page<HookDelivery> }> {
    return this.uow.read(async (tx) => {
      const hook = await this.requireHook(tx, (await requireApp(tx, appRef)).app.id, hookId);
      const rows = await tx.hookDeliveries.list(hook.id, page);
      return { hook, page: toPage(rows, page, (d) => d.id) };
    });
  }

  /** One delivery result of a hook. */
  async result(appRef: string, hookId: string, resultId: string): Promise<{ hook: Hook; delivery: HookDelivery }> {
    return this.uow.read(async (tx) => {
      const hook = await this.requireHook(tx, (await requireApp(tx, appRef)).app.id, hookId);
      const delivery = await tx.hookDeliveries.get(resultId);
      if (!delivery || delivery.hook_id !== hook.id) throw new NotFoundError(`The webhook result ${resultId} was not found.`, 'result');
      return { hook, delivery };
    });
  }

  private async requireHook(tx: StoreTx, appId: string, hookId: string): Promise<Hook> {
    const hook = await tx.hooks.get(appId, hookId);
    if (!hook) throw new NotFoundError(`The webhook ${hookId} was not found.`, 'hook');
    return this.secrets.open(hook);
  }
}

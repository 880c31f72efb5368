import { NotFoundError } from '../../../errors.js';
import { newId } from '../../../kernel/ids.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { EventSink, UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { AppCleanup } from '../../foundation/services/apps.js';
import { eventSubject, requireApp } from '../../foundation/services/resolve.js';
import { newDrainToken, validateLogDrainUrl, type LogDrain, type LogDrainUrlPolicy } from '../domain/log-drains.js';

/** Fires `logdrain_change` in the seed's shape (URLs masked: webhooks leave the platform). */
function announce(events: EventSink, view: AppView, change: 'create' | 'delete', drains: LogDrain[]): Promise<void> {
  return events.emit('logdrain_change', { ...eventSubject(view), change, changes: drains.map((d) => ({ id: d.id, url: d.redacted })) }, view.app.id);
}

/** Removes an app's drains in its delete transaction (the forwarder closes them when it sees the change). */
export const removeAppDrains: AppCleanup = async (tx, view, events) => {
  const drains = await tx.logDrains.list(view.app.id, { sort: 'id', exclusive: false, max: 10_000, order: 'asc' });
  await tx.logDrains.deleteByApp(view.app.id);
  if (drains.length) await announce(events, view, 'delete', drains);
};

/** Log drains of apps: add, list, get, remove. */
export class LogDrainService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: LogDrainUrlPolicy = {},
  ) {}

  /** Adds a drain; a refused URL is a ValidationError on `url`, the same URL twice a ConflictError. */
  create(actor: Principal, appRef: string, input: { url: string }): Promise<LogDrain> {
    const { url, redacted } = validateLogDrainUrl(input.url, this.policy);
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      const now = new Date();
      const drain: LogDrain = { id: newId(), app_id: view.app.id, url, redacted, token: newDrainToken(), created_at: now, updated_at: now };
      await tx.logDrains.insert(drain);
      await announce(events, view, 'create', [drain]);
      return drain;
    });
  }

  /** Removes a drain and answers what it was. */
  delete(actor: Principal, appRef: string, drainId: string): Promise<LogDrain> {
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      const drain = await requireDrain(tx, view.app.id, drainId);
      await tx.logDrains.delete(drain.id);
      await announce(events, view, 'delete', [drain]);
      return drain;
    });
  }

  /** A page of an app's drains. */
  async list(appRef: string, page: PageRequest): Promise<Page<LogDrain>> {
    const rows = await this.uow.read(async (tx) => tx.logDrains.list((await requireApp(tx, appRef)).app.id, page));
    return toPage(rows, page, (d) => d.id);
  }

  /** One drain of an app. */
  get(appRef: string, drainId: string): Promise<LogDrain> {
    return this.uow.read(async (tx) => requireDrain(tx, (await requireApp(tx, appRef)).app.id, drainId));
  }
}

async function requireDrain(tx: StoreTx, appId: string, drainId: string): Promise<LogDrain> {
  const drain = await tx.logDrains.get(appId, drainId);
  if (!drain) throw new NotFoundError(`The log drain ${drainId} was not found.`, 'log_drain');
  return drain;
}

import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../kernel/bus.js';
import type { Job } from '../../../kernel/job.js';
import type { Store, StoreTx } from '../../../kernel/store.js';
import { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { Hook, HookDelivery } from '../domain/hooks.js';
import { webhookOutbox } from './webhooks.js';

const APP = '7d3f5c2e-1a4b-4c6d-8e9f-0a1b2c3d4e5f';
const actor = { id: 'u1', username: 'alice', email: 'alice@example.test', roles: ['admin'] };
const hook = (id: string, events: string[]): Hook => ({ id, app_id: APP, url: `http://receiver.test/${id}`, events, active: true, secret: 's', created_at: new Date(0), updated_at: new Date(0) });
const payload = { app: { id: APP, name: 'web' }, space: { name: 'default' }, changes: [{ type: 'update' as const, name: 'K' }], config_vars: { K: 'v' } };

/** A store of one transaction's worth of the repositories the outbox uses, logging each call in order. */
function loggingStore(hooks: Hook[] | Error) {
  const log: string[] = [];
  const deliveries: HookDelivery[] = [];
  const jobs: Job[] = [];
  const tx = {
    hooks: {
      subscribed: async (appId: string, event: string) => {
        log.push(`subscribed ${event}`);
        if (hooks instanceof Error) throw hooks;
        return hooks.filter((h) => h.app_id === appId && h.events.includes(event));
      },
    },
    hookDeliveries: { insert: async (d: HookDelivery[]) => (log.push('insert deliveries'), deliveries.push(...d)) },
    jobs: { enqueue: async (j: Job | Job[]) => (log.push('enqueue'), jobs.push(...(Array.isArray(j) ? j : [j]))) },
  } as unknown as StoreTx;
  const store = { transaction: (fn: (t: StoreTx) => Promise<unknown>) => fn(tx) } as unknown as Store;
  return { log, deliveries, jobs, uow: new UnitOfWork(store, new EventBus(), [webhookOutbox]) };
}

describe('the webhook outbox, told an event is coming', () => {
  it('reads the hooks when told, before the work goes on, and writes the event\'s deliveries from that one read', async () => {
    const s = loggingStore([hook('h1', ['config_change']), hook('h2', ['destroy'])]);
    await s.uow.run(actor, async (_tx, events) => {
      events.expect('config_change', APP);
      s.log.push('work');
      await events.emit('config_change', payload, APP);
    });
    expect(s.log).toEqual(['subscribed config_change', 'work', 'insert deliveries', 'enqueue']);
    expect(s.deliveries.map((d) => [d.hook_id, d.event])).toEqual([['h1', 'config_change']]);
    expect(s.jobs.map((j) => [j.key, j.payload])).toEqual([['hook:h1', { delivery_id: s.deliveries[0]!.id }]]);
  });

  it('reads the hooks at the event when nothing said it was coming, and for another event than the one expected', async () => {
    const s = loggingStore([hook('h1', ['config_change', 'destroy'])]);
    await s.uow.run(actor, async (_tx, events) => {
      events.expect('config_change', APP);
      s.log.push('work');
      await events.emit('destroy', { app: { id: APP, name: 'web' }, space: { name: 'default' } } as never, APP);
    });
    expect(s.log).toEqual(['subscribed config_change', 'work', 'subscribed destroy', 'insert deliveries', 'enqueue']);
    expect(s.deliveries.map((d) => d.event)).toEqual(['destroy']);
  });

  it('writes nothing when the expected event never comes, and a failed early read is no unhandled rejection', async () => {
    const s = loggingStore(new Error('connection lost'));
    await expect(
      s.uow.run(actor, async (_tx, events) => {
        events.expect('config_change', APP);
        await new Promise((r) => setTimeout(r, 5));
        return 'done';
      }),
    ).resolves.toBe('done');
    expect(s.log).toEqual(['subscribed config_change']);
    expect(s.deliveries).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError, DriverUnavailableError } from '../../../errors.js';
import {
  decideAfterPoll,
  needsOrphanMitigation,
  nextOrphanMitigationAt,
  nextPollAt,
  nextPollDelay,
  pendingOperation,
  pollDeadline,
  resolvePlan,
  type BrokerCatalog,
  type BrokerOperationKind,
  type BrokerPlan,
  type BrokerResponse,
  type OrphanTarget,
  type PollPolicy,
} from './addons.js';

const plan = (id: string, name: string, extra: Partial<BrokerPlan> = {}): BrokerPlan => ({
  id,
  name,
  description: name,
  free: true,
  bindable: true,
  plan_updateable: true,
  maximum_polling_duration: null,
  maintenance_info: null,
  metadata: {},
  schemas: null,
  ...extra,
});

const catalog: BrokerCatalog = {
  services: [
    {
      id: 'svc-pg',
      name: 'postgresql',
      description: 'pg',
      tags: [],
      requires: [],
      bindable: true,
      plan_updateable: true,
      instances_retrievable: false,
      bindings_retrievable: true,
      allow_context_updates: false,
      metadata: {},
      plans: [plan('p-small', 'small'), plan('p-large', 'large')],
    },
    {
      id: 'svc-redis',
      name: 'redis',
      description: 'redis',
      tags: [],
      requires: [],
      bindable: true,
      plan_updateable: false,
      instances_retrievable: false,
      bindings_retrievable: false,
      allow_context_updates: false,
      metadata: {},
      plans: [plan('r-only', 'only')],
    },
  ],
};

describe('resolvePlan', () => {
  it('finds service:plan by names or ids', () => {
    expect(resolvePlan(catalog, 'postgresql:large').plan.id).toBe('p-large');
    expect(resolvePlan(catalog, 'svc-pg:p-small').plan.name).toBe('small');
  });

  it('accepts a bare service name only when it has a single plan', () => {
    expect(resolvePlan(catalog, 'redis').plan.id).toBe('r-only');
    expect(() => resolvePlan(catalog, 'postgresql')).toThrow(ValidationError);
    expect(() => resolvePlan(catalog, 'postgresql')).toThrow(/postgresql:small, postgresql:large/);
  });

  it('rejects unknown services and plans with the valid choices and the field', () => {
    const unknownService = (() => {
      try {
        resolvePlan(catalog, 'mysql:tiny', 'plan');
      } catch (err) {
        return err;
      }
    })();
    expect(unknownService).toBeInstanceOf(NotFoundError);
    expect((unknownService as NotFoundError).field).toBe('plan');
    expect((unknownService as Error).message).toMatch(/postgresql, redis/);
    expect(() => resolvePlan(catalog, 'postgresql:huge')).toThrow(NotFoundError);
    expect(() => resolvePlan(catalog, ':small')).toThrow(ValidationError);
    expect(() => resolvePlan(catalog, 'postgresql:')).toThrow(ValidationError);
  });
});

describe('needsOrphanMitigation (OSB v2.17 orphan mitigation table)', () => {
  const ops: BrokerOperationKind[] = ['provision', 'update', 'deprovision', 'bind', 'unbind'];
  // Each row: response, then the expected target for provision, update, deprovision, bind, unbind.
  const table: Array<[string, BrokerResponse, OrphanTarget[]]> = [
    ['200', { kind: 'http', status: 200 }, [null, null, null, null, null]],
    ['200 malformed', { kind: 'http', status: 200, malformed: true }, [null, null, null, null, null]],
    ['201', { kind: 'http', status: 201 }, [null, null, null, null, null]],
    ['201 malformed', { kind: 'http', status: 201, malformed: true }, ['instance', null, null, 'binding', null]],
    ['202', { kind: 'http', status: 202 }, [null, null, null, null, null]],
    ['204 (other 2xx)', { kind: 'http', status: 204 }, ['instance', null, 'instance', 'binding', 'binding']],
    ['408', { kind: 'http', status: 408 }, [null, null, null, null, null]],
    ['400', { kind: 'http', status: 400 }, [null, null, null, null, null]],
    ['409', { kind: 'http', status: 409 }, [null, null, null, null, null]],
    ['422', { kind: 'http', status: 422 }, [null, null, null, null, null]],
    ['500', { kind: 'http', status: 500 }, ['instance', null, 'instance', 'binding', 'binding']],
    ['503', { kind: 'http', status: 503 }, ['instance', null, 'instance', 'binding', 'binding']],
    ['timeout', { kind: 'timeout' }, ['instance', null, null, 'binding', null]],
    ['unreachable', { kind: 'unreachable' }, [null, null, null, null, null]],
    ['poll failed', { kind: 'last_operation', state: 'failed' }, ['instance', null, 'instance', 'binding', 'binding']],
    ['poll succeeded', { kind: 'last_operation', state: 'succeeded' }, [null, null, null, null, null]],
    ['poll in progress', { kind: 'last_operation', state: 'in progress' }, [null, null, null, null, null]],
  ];
  for (const [label, response, expected] of table) {
    it(`${label}`, () => {
      expect(ops.map((op) => needsOrphanMitigation(response, op))).toEqual(expected);
    });
  }
});

const policy: PollPolicy = { initialDelayMs: 1000, factor: 2, maxDelayMs: 8000, minDelayMs: 100, maxDurationMs: 60_000 };

describe('polling schedule', () => {
  it('backs off exponentially up to the cap without Retry-After', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => nextPollDelay(n, null, policy))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('honours Retry-After, even beyond the backoff cap, but never below the floor', () => {
    expect(nextPollDelay(0, 20_000, policy)).toBe(20_000);
    expect(nextPollDelay(5, 0, policy)).toBe(100);
  });

  it('takes the shorter of the platform limit and the plan maximum_polling_duration', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    expect(pollDeadline(t0, null, policy).toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(pollDeadline(t0, { maximum_polling_duration: 10 }, policy).toISOString()).toBe('2026-01-01T00:00:10.000Z');
    expect(pollDeadline(t0, { maximum_polling_duration: 3600 }, policy).toISOString()).toBe('2026-01-01T00:01:00.000Z');
  });

  it('clips the last wait to the deadline and stops after it', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const deadline = new Date('2026-01-01T00:00:05Z');
    expect(nextPollAt(now, deadline, 0, null, policy)?.toISOString()).toBe('2026-01-01T00:00:01.000Z');
    expect(nextPollAt(now, deadline, 0, 30_000, policy)?.toISOString()).toBe('2026-01-01T00:00:05.000Z');
    expect(nextPollAt(deadline, deadline, 0, null, policy)).toBeNull();
  });
});

describe('decideAfterPoll', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const pending = pendingOperation(
    { broker: 'pg', operation: 'provision', instance_id: 'i1', service_id: 's', plan_id: 'p', operation_id: 'op-1' },
    t0,
    { maximum_polling_duration: 30 },
    policy,
  );

  it('records the operation as plain JSON with its deadline', () => {
    expect(JSON.parse(JSON.stringify(pending))).toEqual(pending);
    expect(pending.deadline).toBe('2026-01-01T00:00:30.000Z');
    expect(pending.binding_id).toBeNull();
  });

  it('keeps polling while in progress, honouring the broker Retry-After', () => {
    const d = decideAfterPoll(pending, { state: 'in progress', description: null, retry_after_ms: 3000 }, t0, policy);
    expect(d.action).toBe('poll');
    if (d.action !== 'poll') return;
    expect(d.at.toISOString()).toBe('2026-01-01T00:00:03.000Z');
    expect(d.pending.polls).toBe(1);
  });

  it('keeps polling through transient errors and remembers the last one', () => {
    const error = new DriverUnavailableError('broker answered 502');
    const d = decideAfterPoll(pending, { state: 'unknown', error, retry_after_ms: null }, t0, policy);
    expect(d.action).toBe('poll');
    if (d.action === 'poll') expect(d.pending.last_error).toBe('broker answered 502');
  });

  it('fails past the deadline and asks for orphan mitigation of a provision', () => {
    const late = new Date('2026-01-01T00:00:31Z');
    const d = decideAfterPoll(pending, { state: 'in progress', description: null, retry_after_ms: null }, late, policy);
    expect(d).toMatchObject({ action: 'failed', orphan_mitigation: 'instance' });
  });

  it('fails with the broker description and the orphan target on state failed', () => {
    const d = decideAfterPoll(
      { ...pending, operation: 'update' },
      { state: 'failed', description: 'disk full', instance_usable: true, update_repeatable: false },
      t0,
      policy,
    );
    expect(d).toEqual({ action: 'failed', reason: 'disk full', orphan_mitigation: null, instance_usable: true, update_repeatable: false });
  });

  it('passes success through', () => {
    const d = decideAfterPoll(pending, { state: 'succeeded', description: null, gone: false }, t0, policy);
    expect(d.action).toBe('succeeded');
  });
});

describe('nextOrphanMitigationAt', () => {
  it('doubles the ceiling of the wait and caps it, never giving up', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const ceilings = [0, 1, 5, 20].map((a) => nextOrphanMitigationAt(now, a, 60_000, () => 1).getTime() - now.getTime());
    expect(ceilings).toEqual([1000, 2000, 32_000, 60_000]);
  });

  it('draws each wait below its ceiling (full jitter), so brokers are not retried in lockstep', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(nextOrphanMitigationAt(now, 5, 60_000, () => 0.25).getTime() - now.getTime()).toBe(8000);
    expect(nextOrphanMitigationAt(now, 5, 60_000, () => 0).getTime() - now.getTime()).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import {
  BadRequestError,
  ConcurrencyError,
  ConflictError,
  DriverUnavailableError,
  pendingOperation,
  type PendingBrokerOperation,
} from '@slipway/core';
import { addonBrokerContract, postgresAvailable, settleBrokerCall } from '@slipway/testkit';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAST_POLLS, startExampleBroker, type ExampleBroker } from '../test/example-broker.js';
import { startRecordingServer, type RecordingServer } from '../test/recording-server.js';
import { osbBroker } from './index.js';

const catalogJson = {
  services: [
    {
      id: 'svc',
      name: 'db',
      description: 'a db',
      bindable: true,
      plan_updateable: true,
      plans: [
        { id: 'plan-a', name: 'a', description: 'a', maximum_polling_duration: 10 },
        { id: 'plan-b', name: 'b', description: 'b', bindable: false },
      ],
    },
  ],
};
const instance = { instance_id: 'i-1', service_id: 'svc', plan_id: 'plan-a' };
const provisionReq = { ...instance, organization_guid: 'org-1', space_guid: 'space-1' };
const binding = { ...instance, binding_id: 'b-1' };

describe('OSB client protocol (scripted broker on loopback)', () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.requests.length = 0;
  });
  const client = (extra: Record<string, unknown> = {}) =>
    osbBroker({ name: 'fake', url: server.url, username: 'platform', password: 'pw-123', timeoutMs: 2000, ...extra });
  const pending = (over: Partial<PendingBrokerOperation>): PendingBrokerOperation => ({
    ...pendingOperation({ broker: 'fake', operation: 'provision', ...instance, operation_id: 'op 1/2' }, new Date(), null),
    ...over,
  });

  it('sends the OSB headers, Basic auth and accepts_incomplete, identifying the user only when there is one', async () => {
    server.answer(() => ({ status: 201, json: { dashboard_url: 'http://dash/1' } }));
    const broker = client({ apiVersion: '2.16', platform: 'slipway-test' });
    const result = await broker.provision(
      { ...provisionReq, parameters: { size: 1 }, context: { space_name: 's' } },
      { user: { id: 'u-1', username: 'ada' }, requestId: 'req-42' },
    );
    expect(result).toEqual({ state: 'succeeded', result: { dashboard_url: 'http://dash/1', metadata: null, already_existed: false } });
    const [req] = server.requests;
    expect(req!.method).toBe('PUT');
    expect(req!.path).toBe('/broker/v2/service_instances/i-1');
    expect(req!.query.get('accepts_incomplete')).toBe('true');
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from('platform:pw-123').toString('base64')}`);
    expect(req!.headers['x-broker-api-version']).toBe('2.16');
    expect(req!.headers['x-broker-api-request-identity']).toBe('req-42');
    const [platform, value] = String(req!.headers['x-broker-api-originating-identity']).split(' ');
    expect(platform).toBe('slipway-test');
    expect(JSON.parse(Buffer.from(value!, 'base64').toString())).toEqual({ user_id: 'u-1', username: 'ada' });
    expect(req!.body).toEqual({
      service_id: 'svc',
      plan_id: 'plan-a',
      organization_guid: 'org-1',
      space_guid: 'space-1',
      context: { space_name: 's', platform: 'slipway-test' },
      parameters: { size: 1 },
    });

    server.answer(() => ({ status: 200, json: { state: 'in progress' } }));
    await broker.pollLastOperation(pending({}));
    const poll = server.requests[1]!;
    expect(poll.headers['x-broker-api-originating-identity']).toBeUndefined();
    expect(poll.headers['x-broker-api-request-identity']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('caches the catalog, resolves plan overrides and refreshes on demand', async () => {
    server.answer(() => ({ status: 200, json: catalogJson }));
    const broker = client();
    const first = await broker.catalog();
    await broker.catalog();
    expect(server.requests).toHaveLength(1);
    expect(first.services[0]!.plans.map((p) => [p.name, p.bindable, p.plan_updateable])).toEqual([
      ['a', true, true],
      ['b', false, true],
    ]);
    await broker.catalog({ refresh: true });
    expect(server.requests).toHaveLength(2);
  });

  it('reports a garbage or invalid catalog as the broker being unavailable', async () => {
    server.answer(() => ({ status: 200, raw: '<html>' }));
    await expect(client().catalog()).rejects.toThrow(DriverUnavailableError);
    server.answer(() => ({ status: 200, json: { services: [{ id: 'x', name: 'x', bindable: true, plans: [] }] } }));
    await expect(client().catalog()).rejects.toThrow(/invalid catalog/);
  });

  it('turns a 202 into a pending operation with the plan deadline, and polls it with operation and plan ids', async () => {
    server.answer((r) => (r.path.endsWith('/catalog') ? { status: 200, json: catalogJson } : { status: 202, json: { operation: 'op 1/2' } }));
    const broker = client();
    const before = Date.now();
    const result = await broker.provision(provisionReq);
    expect(result.state).toBe('in progress');
    if (result.state !== 'in progress') return;
    expect(result.pending).toMatchObject({ broker: 'fake', operation: 'provision', operation_id: 'op 1/2', binding_id: null, polls: 0 });
    const deadline = new Date(result.pending.deadline).getTime();
    expect(deadline).toBeGreaterThanOrEqual(before + 10_000);
    expect(deadline).toBeLessThan(Date.now() + 10_001);

    server.answer(() => ({ status: 200, json: { state: 'in progress', description: '10%' }, headers: { 'Retry-After': '7' } }));
    const poll = await broker.pollLastOperation(result.pending);
    expect(poll).toEqual({ state: 'in progress', description: '10%', retry_after_ms: 7000 });
    const req = server.requests.at(-1)!;
    expect(req.path).toBe('/broker/v2/service_instances/i-1/last_operation');
    expect(Object.fromEntries(req.query)).toEqual({ service_id: 'svc', plan_id: 'plan-a', operation: 'op 1/2' });
  });

  it('polls an update with the plan the instance had before it', async () => {
    server.answer(() => ({ status: 202, json: {} }));
    const result = await client().update({ ...instance, plan_id: 'plan-b', previous_values: { plan_id: 'plan-a' } });
    expect(result.state === 'in progress' && result.pending.plan_id).toBe('plan-a');
    expect(server.requests.find((r) => r.method === 'PATCH')!.body).toMatchObject({ plan_id: 'plan-b', previous_values: { plan_id: 'plan-a' } });
  });

  it('keeps polling through errors, garbage and a 410 while creating, but takes 410 as success when deleting', async () => {
    const broker = client();
    const answers: Array<[Parameters<RecordingServer['answer']>[0], string]> = [
      [() => ({ status: 500, json: { description: 'oops' } }), 'unknown'],
      [() => ({ status: 200, raw: '{"state":' }), 'unknown'],
      [() => ({ status: 200, json: { state: 'maybe' } }), 'unknown'],
      [() => ({ status: 410, json: {} }), 'unknown'],
    ];
    for (const [answer, state] of answers) {
      server.answer(answer);
      expect((await broker.pollLastOperation(pending({}))).state).toBe(state);
    }
    server.answer(() => ({ status: 410, json: {} }));
    expect(await broker.pollLastOperation(pending({ operation: 'deprovision' }))).toEqual({ state: 'succeeded', description: null, gone: true });
    server.answer(() => ({ status: 200, json: { state: 'failed', description: 'no disk', instance_usable: true } }));
    expect(await broker.pollLastOperation(pending({ operation: 'update' }))).toEqual({
      state: 'failed',
      description: 'no disk',
      instance_usable: true,
      update_repeatable: null,
    });
  });

  it('fetches the credentials of an async bind when its poll succeeds, and keeps polling if that fetch fails', async () => {
    const broker = client();
    const p = pending({ operation: 'bind', binding_id: 'b-1' });
    let fetchWorks = false;
    server.answer((r) =>
      r.path.endsWith('/last_operation')
        ? { status: 200, json: { state: 'succeeded' } }
        : fetchWorks
          ? { status: 200, json: { credentials: { DATABASE_URL: 'postgres://x' } } }
          : { status: 404, json: {} },
    );
    expect((await broker.pollLastOperation(p)).state).toBe('unknown');
    fetchWorks = true;
    const done = await broker.pollLastOperation(p);
    expect(done.state === 'succeeded' && done.binding?.credentials).toEqual({ DATABASE_URL: 'postgres://x' });
    expect(server.requests.at(-2)!.path).toBe('/broker/v2/service_instances/i-1/service_bindings/b-1/last_operation');
  });

  it('applies the orphan-mitigation table to what provision, bind, update and deletes get back', async () => {
    const broker = client();
    server.answer(() => ({ status: 204, raw: '' }));
    expect(await broker.provision(provisionReq)).toMatchObject({ state: 'failed', orphan_mitigation: 'instance', retryable: false });
    server.answer(() => ({ status: 201, raw: '{"credentials": <html>' }));
    expect(await broker.bind(binding)).toMatchObject({ state: 'failed', orphan_mitigation: 'binding' });
    server.answer(() => ({ status: 500, json: { description: 'boom' } }));
    const update = await broker.update(instance);
    expect(update).toMatchObject({ state: 'failed', orphan_mitigation: null, retryable: true });
    expect(update.state === 'failed' && update.error.message).toContain('boom');
    expect(await broker.deprovision(instance)).toMatchObject({ state: 'failed', orphan_mitigation: 'instance', retryable: true });
    server.answer(() => ({ status: 202, raw: 'accepted!' }));
    const accepted = await broker.deprovision(instance);
    expect(accepted.state === 'in progress' && accepted.pending.operation_id).toBeNull();
    server.answer(() => ({ status: 410, json: {} }));
    expect(await broker.unbind(binding)).toEqual({ state: 'succeeded', result: { gone: true } });
    server.answer(() => ({ status: 400, json: { description: 'bad plan' } }));
    const rejected = await broker.provision(provisionReq);
    expect(rejected).toMatchObject({ state: 'failed', orphan_mitigation: null, retryable: false });
    expect(rejected.state === 'failed' && rejected.error).toBeInstanceOf(BadRequestError);
  });

  it('maps ConcurrencyError and MaintenanceInfoConflict to retryable and conflict errors', async () => {
    const broker = client();
    server.answer(() => ({ status: 422, json: { error: 'ConcurrencyError', description: 'busy' } }));
    const busy = await broker.update(instance);
    expect(busy).toMatchObject({ state: 'failed', retryable: true, orphan_mitigation: null });
    expect(busy.state === 'failed' && busy.error).toBeInstanceOf(ConcurrencyError);
    server.answer(() => ({ status: 422, json: { error: 'MaintenanceInfoConflict' } }));
    const stale = await broker.provision({ ...provisionReq, maintenance_info: { version: '0.9.0' } });
    expect(stale.state === 'failed' && stale.error).toBeInstanceOf(ConflictError);
    expect(server.requests.at(-1)!.body).toMatchObject({ maintenance_info: { version: '0.9.0' } });
  });

  it('times out a hung broker and asks for orphan mitigation only where OSB says so', async () => {
    server.answer(() => 'hang');
    const broker = client({ timeoutMs: 300 });
    const provision = await broker.provision(provisionReq);
    expect(provision).toMatchObject({ state: 'failed', orphan_mitigation: 'instance', retryable: true });
    expect(provision.state === 'failed' && provision.error).toBeInstanceOf(DriverUnavailableError);
    expect(await broker.bind(binding)).toMatchObject({ state: 'failed', orphan_mitigation: 'binding' });
    expect(await broker.deprovision(instance)).toMatchObject({ state: 'failed', orphan_mitigation: null });
    expect((await broker.pollLastOperation(pending({}))).state).toBe('unknown');
  });

  it('treats an oversized answer as malformed', async () => {
    server.answer(() => ({ status: 201, json: { dashboard_url: 'x'.repeat(5000) } }));
    expect(await client({ maxResponseBytes: 1000 }).provision(provisionReq)).toMatchObject({ state: 'failed', orphan_mitigation: 'instance' });
  });

  it('reports a broker that is down without orphan mitigation (the request never left)', async () => {
    const down = await startRecordingServer();
    const url = down.url;
    await down.close();
    const broker = osbBroker({ name: 'down', url, username: 'u', password: 'p', timeoutMs: 2000 });
    const result = await broker.provision(provisionReq);
    expect(result).toMatchObject({ state: 'failed', orphan_mitigation: null, retryable: true });
    expect(result.state === 'failed' && result.error.message).toMatch(/unreachable.*ECONNREFUSED/);
    await expect(broker.catalog()).rejects.toThrow(DriverUnavailableError);
  });
});

if (await postgresAvailable()) {
  addonBrokerContract(
    'osb client against the example PostgreSQL broker',
    async () => {
      const eb = await startExampleBroker();
      return {
        broker: eb.client(),
        plan: 'postgresql:small',
        updatePlan: 'postgresql:medium',
        asyncPlan: 'postgresql:async',
        instanceExists: (id) => eb.databaseExists(id),
        useCredentials: useDatabaseUrl,
        pollPolicy: FAST_POLLS,
        teardown: async () => {
          expect(await eb.leftovers()).toEqual([]);
          await eb.close();
        },
      };
    },
    { planChanges: true, asyncOperations: true },
  );

  describe('osb client against the example broker: failures, retries and orphan mitigation', () => {
    let eb: ExampleBroker;
    const svc = 'a3d2c1f0-5b8e-4e0f-9a51-6c1b0e2f7d10';
    const plans = {
      small: 'b1f0a7e2-1c3d-4f5a-8b6c-0d1e2f3a4b51',
      async: 'b1f0a7e2-1c3d-4f5a-8b6c-0d1e2f3a4b53',
      chaos: 'b1f0a7e2-1c3d-4f5a-8b6c-0d1e2f3a4b54',
    };
    const req = (plan: string, parameters?: Record<string, unknown>) => ({
      instance_id: randomUUID(),
      service_id: svc,
      plan_id: plan,
      organization_guid: randomUUID(),
      space_guid: randomUUID(),
      ...(parameters ? { parameters } : {}),
    });
    const refOf = (r: { instance_id: string; service_id: string; plan_id: string }) => ({
      instance_id: r.instance_id,
      service_id: r.service_id,
      plan_id: r.plan_id,
    });

    beforeAll(async () => {
      eb = await startExampleBroker();
    });
    afterAll(async () => {
      expect(await eb.leftovers()).toEqual([]);
      await eb.close();
    });

    /** Orphan mitigation as the core's job does it: deprovision until the broker says yes. */
    async function mitigate(ref: { instance_id: string; service_id: string; plan_id: string }) {
      const result = await settleBrokerCall(eb.client(), await eb.client().deprovision(ref), FAST_POLLS);
      expect(result.state).toBe('succeeded');
      expect(await eb.databaseExists(ref.instance_id)).toBe(false);
    }

    it('a 500 after the database was created leaves an orphan that orphan mitigation removes', async () => {
      const r = req(plans.chaos, { fail: 'provision-500' });
      const result = await eb.client().provision(r);
      expect(result).toMatchObject({ state: 'failed', orphan_mitigation: 'instance', retryable: true });
      expect(result.state === 'failed' && result.error.message).toContain('Injected failure');
      expect(await eb.databaseExists(r.instance_id)).toBe(true);
      await mitigate(refOf(r));
    });

    it('a provision that outlives the client timeout is cleaned up by orphan mitigation', async () => {
      const r = req(plans.chaos, { fail: 'provision-timeout', delay_ms: 4000 });
      const result = await eb.client({ timeoutMs: 800 }).provision(r);
      expect(result).toMatchObject({ state: 'failed', orphan_mitigation: 'instance', retryable: true });
      expect(result.state === 'failed' && result.error).toBeInstanceOf(DriverUnavailableError);
      await mitigate(refOf(r));
    });

    it('a 201 with garbage is a failure that needs orphan mitigation', async () => {
      const r = req(plans.chaos, { fail: 'provision-garbage' });
      expect(await eb.client().provision(r)).toMatchObject({ state: 'failed', orphan_mitigation: 'instance' });
      expect(await eb.databaseExists(r.instance_id)).toBe(true);
      await mitigate(refOf(r));
    });

    it('an async provision that fails at the broker ends failed with orphan mitigation', async () => {
      const r = req(plans.chaos, { fail: 'provision-async-fail' });
      const settled = await settleBrokerCall(eb.client(), await eb.client().provision(r), FAST_POLLS);
      expect(settled).toMatchObject({ state: 'poll failed', orphan_mitigation: 'instance' });
      expect(settled.state === 'poll failed' && settled.reason).toContain('Injected failure');
      expect(await eb.databaseExists(r.instance_id)).toBe(true);
      await mitigate(refOf(r));
    });

    it('polling survives 500, 503 and garbage answers and the operation still succeeds', async () => {
      const r = req(plans.chaos, { fail: 'poll-errors' });
      const settled = await settleBrokerCall(eb.client(), await eb.client().provision(r), FAST_POLLS);
      expect(settled.state).toBe('succeeded');
      const polls = settled.state === 'succeeded' ? settled.polls.map((p) => p.state) : [];
      expect(polls.slice(0, 3)).toEqual(['unknown', 'unknown', 'unknown']);
      expect(await eb.databaseExists(r.instance_id)).toBe(true);
      await mitigate(refOf(r));
    });

    it('an operation that never finishes fails at the polling deadline and is cleaned up', async () => {
      const r = req(plans.chaos, { fail: 'never-finishes' });
      const short = { ...FAST_POLLS, maxDurationMs: 1500 };
      const started = await eb.client({ pollPolicy: short }).provision(r);
      const settled = await settleBrokerCall(eb.client(), started, short);
      expect(settled).toMatchObject({ state: 'poll failed', orphan_mitigation: 'instance' });
      expect(settled.state === 'poll failed' && settled.reason).toMatch(/did not finish provision/);
      await mitigate(refOf(r));
    });

    it('a failed deprovision is retried until it succeeds', async () => {
      const r = req(plans.chaos, { fail: 'deprovision-500-once' });
      expect((await eb.client().provision(r)).state).toBe('succeeded');
      const first = await eb.client().deprovision(refOf(r));
      expect(first).toMatchObject({ state: 'failed', orphan_mitigation: 'instance', retryable: true });
      expect(await eb.databaseExists(r.instance_id)).toBe(true);
      await mitigate(refOf(r));
    });

    it('failed binds leave a login that unbinding removes', async () => {
      const r = req(plans.chaos, { fail: 'none' });
      expect((await eb.client().provision(r)).state).toBe('succeeded');
      for (const fail of ['bind-500', 'bind-garbage']) {
        const b = { ...refOf(r), binding_id: randomUUID(), parameters: { fail } };
        expect(await eb.client().bind(b)).toMatchObject({ state: 'failed', orphan_mitigation: 'binding' });
        expect(await eb.client().unbind(b)).toEqual({ state: 'succeeded', result: { gone: false } });
      }
      const t = { ...refOf(r), binding_id: randomUUID(), parameters: { fail: 'bind-timeout', delay_ms: 3000 } };
      expect(await eb.client({ timeoutMs: 800 }).bind(t)).toMatchObject({ state: 'failed', orphan_mitigation: 'binding', retryable: true });
      expect((await eb.client().unbind(t)).state).toBe('succeeded');
      await mitigate(refOf(r));
    });

    it('rejects unknown plans, stale maintenance_info, plan changes a plan forbids, and concurrent changes', async () => {
      const unknownPlan = await eb.client().provision(req('no-such-plan'));
      expect(unknownPlan).toMatchObject({ state: 'failed', orphan_mitigation: null, retryable: false });
      expect(unknownPlan.state === 'failed' && unknownPlan.error.message).toContain('Unknown plan_id');

      const stale = await eb.client().provision({ ...req(plans.small), maintenance_info: { version: '0.1.0' } });
      expect(stale.state === 'failed' && stale.error).toBeInstanceOf(ConflictError);

      const chaos = req(plans.chaos, { fail: 'none' });
      expect((await eb.client().provision(chaos)).state).toBe('succeeded');
      const forbidden = await eb.client().update({ ...refOf(chaos), plan_id: plans.small, previous_values: { plan_id: plans.chaos } });
      expect(forbidden).toMatchObject({ state: 'failed', orphan_mitigation: null, retryable: false });
      await mitigate(refOf(chaos));

      const slow = req(plans.async);
      const started = await eb.client().provision(slow);
      expect(started.state).toBe('in progress');
      const busy = await eb.client().update({ ...refOf(slow), parameters: { x: 1 } });
      expect(busy).toMatchObject({ state: 'failed', retryable: true, orphan_mitigation: null });
      expect(busy.state === 'failed' && busy.error).toBeInstanceOf(ConcurrencyError);
      expect((await settleBrokerCall(eb.client(), started, FAST_POLLS)).state).toBe('succeeded');
      await mitigate(refOf(slow));
    });

    it('reports wrong credentials and an unsupported API version as broker configuration problems', async () => {
      await expect(eb.client({ password: 'wrong-password' }).catalog()).rejects.toThrow(/refused the platform's credentials/);
      const old = await eb.client({ apiVersion: '2.11' }).provision(req(plans.small));
      expect(old).toMatchObject({ state: 'failed', orphan_mitigation: null, retryable: false });
      expect(old.state === 'failed' && old.error.message).toContain('X-Broker-API-Version');
    });

    it('gives every binding a working DATABASE_URL onto the same tables, and unbinding revokes it', async () => {
      const r = req(plans.small);
      expect((await eb.client().provision(r)).state).toBe('succeeded');
      const one = { ...refOf(r), binding_id: randomUUID(), app_guid: randomUUID() };
      const two = { ...refOf(r), binding_id: randomUUID(), app_guid: randomUUID() };
      const b1 = await eb.client().bind(one);
      const b2 = await eb.client().bind(two);
      if (b1.state !== 'succeeded' || b2.state !== 'succeeded') throw new Error('bind failed');
      const url1 = String(b1.result.credentials.DATABASE_URL);
      const url2 = String(b2.result.credentials.DATABASE_URL);
      expect(url1).not.toBe(url2);
      await withClient(url1, (c) => c.query(`create table notes (body text); insert into notes values ('hello')`));
      const rows = await withClient(url2, (c) => c.query<{ body: string }>('select body from notes'));
      expect(rows.rows).toEqual([{ body: 'hello' }]);
      expect((await eb.client().unbind(one)).state).toBe('succeeded');
      await expect(withClient(url1, (c) => c.query('select 1'))).rejects.toThrow();
      expect((await eb.client().unbind(two)).state).toBe('succeeded');
      await mitigate(refOf(r));
    });
  });
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function useDatabaseUrl(credentials: Record<string, unknown>): Promise<void> {
  const url = credentials.DATABASE_URL;
  if (typeof url !== 'string') throw new Error('no DATABASE_URL in the credentials');
  const table = `t_${randomUUID().replace(/-/g, '')}`;
  const rows = await withClient(url, async (c) => {
    await c.query(`create table ${table} (n int)`);
    await c.query(`insert into ${table} values (42)`);
    return c.query<{ n: number }>(`select n from ${table}`);
  });
  if (rows.rows[0]?.n !== 42) throw new Error('the database did not keep what was written');
}

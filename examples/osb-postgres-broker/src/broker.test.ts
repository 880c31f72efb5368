import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@slipway/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLANS, SERVICE } from './catalog.js';
import { instanceNames, startBroker, type RunningBroker } from './index.js';

const plan = (name: string) => PLANS.find((p) => p.name === name)!.id;

if (!(await postgresAvailable())) {
  throw new Error('the example broker provisions on PostgreSQL: start one on 127.0.0.1:5432 or set SLIPWAY_TEST_PG');
}

describe('example OSB PostgreSQL broker', () => {
  let db: TestDatabase;
  let broker: RunningBroker;
  const prefix = `osbx_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const logs: string[] = [];
  const start = () =>
    startBroker({ databaseUrl: db.url, username: 'platform', password, port: 0, host: '127.0.0.1', prefix, asyncDelayMs: 200, log: (l) => logs.push(l) });

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${broker.url}${path}`, {
      method,
      headers: {
        Authorization: `Basic ${Buffer.from(`platform:${password}`).toString('base64')}`,
        'X-Broker-API-Version': '2.17',
        'Content-Type': 'application/json',
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const pollUntilDone = async (path: string) => {
    for (let i = 0; i < 100; i++) {
      const r = await call('GET', path);
      if (r.status !== 200 || r.json.state !== 'in progress') return r;
      await sleep(100);
    }
    throw new Error('operation did not finish');
  };
  const provisionBody = (planName: string, parameters?: Record<string, unknown>) => ({
    service_id: SERVICE.id,
    plan_id: plan(planName),
    organization_guid: 'org',
    space_guid: 'space',
    ...(parameters ? { parameters } : {}),
  });
  const dbExists = async (instanceId: string) => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query('select 1 from pg_database where datname = $1', [instanceNames(prefix, instanceId).db])).rowCount === 1;
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('slipway_osbx');
    broker = await start();
  });
  afterAll(async () => {
    await broker?.close();
    await db?.drop();
  });

  it('demands Basic auth and a supported X-Broker-API-Version', async () => {
    const anonymous = await fetch(`${broker.url}/v2/catalog`, { headers: { 'X-Broker-API-Version': '2.17' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await call('GET', '/v2/catalog', undefined, { Authorization: `Basic ${Buffer.from('platform:nope').toString('base64')}` });
    expect(wrong.status).toBe(401);
    expect((await call('GET', '/v2/catalog', undefined, { 'X-Broker-API-Version': '2.13' })).status).toBe(412);
    expect((await call('GET', '/v2/catalog', undefined, { 'X-Broker-API-Version': 'banana' })).status).toBe(412);
    const ok = await call('GET', '/v2/catalog', undefined, { 'X-Broker-API-Request-Identity': 'trace-1' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-broker-api-request-identity')).toBe('trace-1');
    const services = ok.json.services as Array<{ plans: Array<{ name: string; plan_updateable?: boolean }> }>;
    expect(services[0]!.plans.map((p) => p.name)).toEqual(['small', 'medium', 'async', 'chaos']);
    expect(services[0]!.plans.find((p) => p.name === 'chaos')!.plan_updateable).toBe(false);
  });

  it('answers bad requests with 400 and a description', async () => {
    const id = randomUUID();
    expect((await call('PUT', `/v2/service_instances/${id}`, '{"service_id":')).status).toBe(400);
    expect((await call('PUT', `/v2/service_instances/${id}`, '[1]')).status).toBe(400);
    const missing = await call('PUT', `/v2/service_instances/${id}`, { service_id: SERVICE.id });
    expect(missing.status).toBe(400);
    expect(missing.json.description).toMatch(/required/);
    expect((await call('PUT', `/v2/service_instances/${id}`, provisionBody('chaos', { fail: 'explode' }))).json.description).toMatch(/fail mode/);
    expect((await call('DELETE', `/v2/service_instances/${id}`)).status).toBe(400);
    expect(await dbExists(id)).toBe(false);
  });

  it('needs accepts_incomplete for async plans and refuses a conflicting re-provision', async () => {
    const id = randomUUID();
    const sync = await call('PUT', `/v2/service_instances/${id}`, provisionBody('async'));
    expect(sync).toMatchObject({ status: 422, json: { error: 'AsyncRequired' } });
    expect((await call('PUT', `/v2/service_instances/${id}`, provisionBody('small'))).status).toBe(201);
    expect((await call('PUT', `/v2/service_instances/${id}`, provisionBody('small'))).status).toBe(200);
    expect((await call('PUT', `/v2/service_instances/${id}`, provisionBody('medium'))).status).toBe(409);
    expect((await call('DELETE', `/v2/service_instances/${id}?service_id=${SERVICE.id}&plan_id=${plan('small')}`)).status).toBe(200);
    expect((await call('DELETE', `/v2/service_instances/${id}?service_id=${SERVICE.id}&plan_id=${plan('small')}`)).status).toBe(410);
  });

  it('finishes an async provision after a broker restart: its bookkeeping is in PostgreSQL', async () => {
    const id = randomUUID();
    const accepted = await call('PUT', `/v2/service_instances/${id}?accepts_incomplete=true`, provisionBody('async'));
    expect(accepted.status).toBe(202);
    const operation = String(accepted.json.operation);
    const first = await call('GET', `/v2/service_instances/${id}/last_operation?operation=${encodeURIComponent(operation)}`);
    expect(first.json.state).toBe('in progress');
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    await broker.close();
    broker = await start();
    const done = await pollUntilDone(`/v2/service_instances/${id}/last_operation?operation=${encodeURIComponent(operation)}`);
    expect(done.json.state).toBe('succeeded');
    expect(await dbExists(id)).toBe(true);

    const query = `service_id=${SERVICE.id}&plan_id=${plan('async')}`;
    const deleting = await call('DELETE', `/v2/service_instances/${id}?accepts_incomplete=true&${query}`);
    expect(deleting.status).toBe(202);
    const deleted = await pollUntilDone(`/v2/service_instances/${id}/last_operation?${query}`);
    expect(deleted.json.state).toBe('succeeded');
    expect((await call('GET', `/v2/service_instances/${id}/last_operation?${query}`)).status).toBe(410);
    expect(await dbExists(id)).toBe(false);
  });

  it('never writes credentials to its log', async () => {
    const id = randomUUID();
    expect((await call('PUT', `/v2/service_instances/${id}`, provisionBody('small'))).status).toBe(201);
    const bound = await call('PUT', `/v2/service_instances/${id}/service_bindings/b1`, { service_id: SERVICE.id, plan_id: plan('small') });
    expect(bound.status).toBe(201);
    const url = new URL(String((bound.json.credentials as Record<string, string>).DATABASE_URL));
    expect(url.password.length).toBeGreaterThan(20);
    const fetched = await call('GET', `/v2/service_instances/${id}/service_bindings/b1`);
    expect(fetched.json).toEqual(bound.json);
    const query = `service_id=${SERVICE.id}&plan_id=${plan('small')}`;
    expect((await call('DELETE', `/v2/service_instances/${id}/service_bindings/b1?${query}`)).status).toBe(200);
    expect((await call('DELETE', `/v2/service_instances/${id}?${query}`)).status).toBe(200);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(url.password);
    expect(logs.join('\n')).not.toContain(password);
  });
});

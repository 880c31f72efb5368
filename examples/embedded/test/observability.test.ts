import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type Job } from '@slipway/core';
import { freeTcpPort } from '@slipway/testkit';
import { startReceiver, type Receiver } from './receiver.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

/** One series of a Prometheus text exposition. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the text exposition format (comments skipped, label values unescaped enough for these tests). */
function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the one series of `name` whose labels include `labels`, or undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  const hits = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (hits.length > 1) throw new Error(`${hits.length} series of ${name} match ${JSON.stringify(labels)}`);
  return hits[0]?.value;
}

describe.each(await storeKinds())('logs, /metrics and /ready on %s', (kind) => {
  let s: TestServer;
  let rx: Receiver;
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const scrape = async () => {
    const r = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(r.status).toBe(200);
    return parseMetrics(await r.text());
  };
  beforeAll(async () => {
    rx = await startReceiver();
    const capture = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) {
          raw.push(l);
          lines.push(JSON.parse(l) as Record<string, unknown>);
        }
        done();
      },
    });
    s = await startTestServer(kind, {
      runtime: 'none',
      jobPollMs: 50,
      allowPrivateHooks: true,
      hookRetryBaseMs: 20,
      logLevel: 'info',
      logDestination: capture,
      router: { port: 0, host: '127.0.0.1' },
      extraTokens: [{ token: 'viewer-token', principal: { id: newId(), username: 'viewer', email: 'viewer@example.invalid', roles: ['viewer'] } }],
    });
    expect((await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' })).status).toBe(201);
  });
  afterAll(async () => {
    await s?.close();
    await rx?.close();
  });

  it('logs each failed delivery attempt once, with its ids, kind and attempt, and no secret or body', async () => {
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'hooked', space: 'default' })).status).toBe(201);
    // Two failures, then success: two warn lines, and nothing from the job runner (its job did not fail).
    rx.respond = (_r, n) => ({ status: n <= 2 ? 500 : 200 });
    const hook = await s.request('POST', '/apps/hooked-default/hooks', { url: rx.url, events: ['config_change'], active: true, secret: 'hook-secret-value' });
    expect(hook.status).toBe(201);
    expect((await s.request('PATCH', '/apps/hooked-default/config-vars', { DB_PASSWORD: 'config-secret-value' })).status).toBe(200);
    await rx.waitFor(3);
    const deliveryId = rx.received[0]!.headers['x-appkit-delivery'] as string;
    await expect.poll(async () => (await s.request('GET', `/apps/hooked-default/hooks/${hook.body.id}/results/${deliveryId}`)).body.status, { timeout: 10_000 }).toBe('succeeded');
    const failed = lines.filter((l) => l.delivery_id === deliveryId);
    expect(failed).toEqual([
      expect.objectContaining({ level: 40, msg: 'webhook delivery failed; retrying', hook_id: hook.body.id, job_id: expect.any(String), kind: 'webhook.deliver', attempt: 1, code: 500, error: 'receiver answered 500' }),
      expect.objectContaining({ level: 40, msg: 'webhook delivery failed; retrying', hook_id: hook.body.id, kind: 'webhook.deliver', attempt: 2, code: 500 }),
    ]);
    const jobId = failed[0]!.job_id;
    expect(lines.filter((l) => l.job_id === jobId)).toHaveLength(2);
    for (const text of raw) {
      expect(text).not.toContain('hook-secret-value');
      expect(text).not.toContain('config-secret-value');
    }
    const m = await scrape();
    expect(valueOf(m, 'slipway_webhook_deliveries_total', { outcome: 'retry' })).toBe(2);
    expect(valueOf(m, 'slipway_webhook_deliveries_total', { outcome: 'succeeded' })).toBe(1);
    expect(valueOf(m, 'slipway_webhook_delivery_duration_seconds_count', { outcome: 'retry' })).toBe(2);
    expect(valueOf(m, 'slipway_webhook_delivery_duration_seconds_count', { outcome: 'succeeded' })).toBe(1);
  });

  it('logs a delivery given up once, at error level, and counts it as failed', async () => {
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'redirected', space: 'default' })).status).toBe(201);
    // A redirect is refused for good: one attempt, one line.
    rx.respond = () => ({ status: 302 });
    const before = rx.received.length;
    const hook = await s.request('POST', '/apps/redirected-default/hooks', { url: rx.url, events: ['config_change'], active: true, secret: 'other-secret' });
    expect((await s.request('PATCH', '/apps/redirected-default/config-vars', { A: 'b' })).status).toBe(200);
    await rx.waitFor(before + 1);
    const deliveryId = rx.received[before]!.headers['x-appkit-delivery'] as string;
    await expect.poll(async () => (await s.request('GET', `/apps/redirected-default/hooks/${hook.body.id}/results/${deliveryId}`)).body.status, { timeout: 10_000 }).toBe('failed');
    expect(lines.filter((l) => l.delivery_id === deliveryId)).toEqual([
      expect.objectContaining({ level: 50, msg: 'webhook delivery failed; giving up', kind: 'webhook.deliver', attempt: 1, code: 302, error: 'redirects are not followed' }),
    ]);
    expect(valueOf(await scrape(), 'slipway_webhook_deliveries_total', { outcome: 'failed' })).toBe(1);
  });

  it('logs a job that throws once per attempt and a job that gives up once, and counts both outcomes', async () => {
    let runs = 0;
    s.platform.jobs.register({
      kind: 'test.flaky',
      async run() {
        runs++;
        if (runs === 1) throw new Error('first attempt broke');
        return { status: 'failed', error: 'second attempt gave up' };
      },
    });
    const job: Job = {
      id: newId(), kind: 'test.flaky', key: 'flaky', payload: { password: 'payload-secret-value' }, state: 'queued', attempts: 0, run_at: new Date(),
      lease_owner: null, lease_expires_at: null, last_error: null, created_at: new Date(), updated_at: new Date(),
    };
    await s.platform.store.transaction((tx) => tx.jobs.enqueue(job));
    s.platform.jobs.wake();
    await expect.poll(async () => (await s.platform.store.read((tx) => tx.jobs.get(job.id)))?.state, { timeout: 15_000 }).toBe('failed');
    expect(lines.filter((l) => l.job_id === job.id)).toEqual([
      expect.objectContaining({ level: 40, msg: 'job attempt failed', kind: 'test.flaky', attempt: 1, error: 'first attempt broke', retry_at: expect.any(String) }),
      expect.objectContaining({ level: 50, msg: 'job failed', kind: 'test.flaky', attempt: 2, error: 'second attempt gave up' }),
    ]);
    expect(raw.join('\n')).not.toContain('payload-secret-value');
    const m = await scrape();
    expect(valueOf(m, 'slipway_job_runs_total', { kind: 'test.flaky', outcome: 'error' })).toBe(1);
    expect(valueOf(m, 'slipway_job_runs_total', { kind: 'test.flaky', outcome: 'failed' })).toBe(1);
    expect(valueOf(m, 'slipway_job_run_duration_seconds_count', { kind: 'test.flaky' })).toBe(2);
  });

  it('counts requests by route template and status, not by raw path', async () => {
    const before = valueOf(await scrape(), 'slipway_http_request_duration_seconds_count', { method: 'GET', route: '/apps/:app', status: '200' }) ?? 0;
    const missBefore = valueOf(await scrape(), 'slipway_http_request_duration_seconds_count', { method: 'GET', route: '/apps/:app', status: '404' }) ?? 0;
    for (const name of ['one', 'two', 'three']) expect((await s.request('POST', '/apps', { org: 'acme', name, space: 'default' })).status).toBe(201);
    for (const name of ['one', 'two', 'three', 'one']) expect((await s.request('GET', `/apps/${name}-default`)).status).toBe(200);
    expect((await s.request('GET', '/apps/ghost-default')).status).toBe(404);
    const m = await scrape();
    expect(valueOf(m, 'slipway_http_request_duration_seconds_count', { method: 'GET', route: '/apps/:app', status: '200' })).toBe(before + 4);
    expect(valueOf(m, 'slipway_http_request_duration_seconds_count', { method: 'GET', route: '/apps/:app', status: '404' })).toBe(missBefore + 1);
    expect(m.some((x) => x.labels.route?.includes('one-default'))).toBe(false);
    // The router converged the new apps' hosts: its calls were timed through the instrumented port.
    await expect.poll(async () => valueOf(await scrape(), 'slipway_driver_call_duration_seconds_count', { port: 'router', method: 'converge', outcome: 'ok' }) ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('reports the queue depth and the oldest job age per kind, read from the store at each scrape', async () => {
    const old = new Date(Date.now() - 3_600_000);
    // A kind no handler claims stays queued: the gauges show exactly what was enqueued.
    const idle = (at: Date): Job => ({
      id: newId(), kind: 'test.idle', key: newId(), payload: {}, state: 'queued', attempts: 0, run_at: at,
      lease_owner: null, lease_expires_at: null, last_error: null, created_at: at, updated_at: at,
    });
    await s.platform.store.transaction(async (tx) => {
      for (const j of [idle(old), idle(new Date()), idle(new Date())]) await tx.jobs.enqueue(j);
    });
    const m = await scrape();
    expect(valueOf(m, 'slipway_jobs_unfinished', { kind: 'test.idle', state: 'queued' })).toBe(3);
    expect(valueOf(m, 'slipway_jobs_unfinished', { kind: 'test.idle', state: 'running' })).toBeUndefined();
    expect(valueOf(m, 'slipway_jobs_oldest_age_seconds', { kind: 'test.idle' })).toBeGreaterThanOrEqual(3600);
  });

  it('serves /metrics to the platform owner only by default', async () => {
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer viewer-token' } })).status).toBe(403);
    const r = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('answers /ready while the store answers', async () => {
    const r = await fetch(`${s.url}/ready`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ready', store: 'ok', draining: false });
  });
});

describe('/metrics access settings', () => {
  it('takes a scraper token instead of the owner token, or no token when public', async () => {
    const scraper = await startTestServer('sqlite', { runtime: 'none', metricsAccess: { token: 'scrape-me' } });
    try {
      expect((await fetch(`${scraper.url}/metrics`, { headers: { authorization: `Bearer ${scraper.token}` } })).status).toBe(401);
      expect((await fetch(`${scraper.url}/metrics`, { headers: { authorization: 'Bearer scrape-me' } })).status).toBe(200);
    } finally {
      await scraper.close();
    }
    const open = await startTestServer('sqlite', { runtime: 'none', metricsAccess: 'public' });
    try {
      const r = await fetch(`${open.url}/metrics`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('slipway_http_request_duration_seconds');
    } finally {
      await open.close();
    }
  });
});

describe('driver call telemetry', () => {
  it('times and counts the failed calls of a broker that does not answer', async () => {
    // Nothing listens on the port: every catalog call to this broker fails at connect.
    const port = await freeTcpPort();
    const s = await startTestServer('sqlite', { runtime: 'none', metricsAccess: 'public', brokers: [{ name: 'gone', url: `http://127.0.0.1:${port}`, username: 'u', password: 'p', timeoutMs: 1000 }] });
    try {
      const listed = await s.request('GET', '/addon-services');
      expect(listed.status).toBeGreaterThanOrEqual(500);
      const m = parseMetrics(await (await fetch(`${s.url}/metrics`)).text());
      const errors = valueOf(m, 'slipway_driver_call_errors_total', { port: 'broker', method: 'catalog' });
      expect(errors).toBeGreaterThanOrEqual(1);
      expect(valueOf(m, 'slipway_driver_call_duration_seconds_count', { port: 'broker', method: 'catalog', outcome: 'error' })).toBe(errors);
      expect(valueOf(m, 'slipway_driver_call_duration_seconds_count', { port: 'broker', method: 'catalog', outcome: 'ok' })).toBeUndefined();
      expect(valueOf(m, 'slipway_http_request_duration_seconds_count', { method: 'GET', route: '/addon-services', status: String(listed.status) })).toBe(1);
    } finally {
      await s.close();
    }
  });
});

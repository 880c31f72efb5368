import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOnSignals, type DrainReport } from '@slipway/http-koa';
import { IN_CI, createTestDatabase, postgresAvailable, type TestDatabase } from '@slipway/testkit';
import { startKubeFake, type KubeFake } from '@slipway/kube-fake';
import { startKubernetesHost, type KubernetesHost } from '../src/server.js';
import { fromEnv } from '../src/settings.js';

const pg = await postgresAvailable();
if (!pg && IN_CI) throw new Error('PostgreSQL is required in CI');
const suite = pg ? describe : describe.skip;

/** The count of one series of the request histogram, or 0 when the exposition has none. */
const requestCount = (exposition: string, labels: string) => {
  const line = exposition.split('\n').find((l) => l.startsWith(`slipway_http_request_duration_seconds_count{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
};

describe('Kubernetes host operations settings', () => {
  const base = { DATABASE_URL: 'postgres://db.example.invalid/slipway' };
  it('reads /metrics access and the readiness grace as the embedded host does', () => {
    expect(fromEnv(base).metricsAccess).toBeUndefined();
    expect(fromEnv(base).readyGraceMs).toBeUndefined();
    expect(fromEnv({ ...base, SLIPWAY_METRICS_TOKEN: 'scrape', SLIPWAY_METRICS_PUBLIC: '1' }).metricsAccess).toEqual({ token: 'scrape' });
    expect(fromEnv({ ...base, SLIPWAY_METRICS_PUBLIC: 'true' }).metricsAccess).toBe('public');
    expect(fromEnv({ ...base, SLIPWAY_READY_GRACE_MS: '12000' }).readyGraceMs).toBe(12_000);
    expect(() => fromEnv({ ...base, SLIPWAY_READY_GRACE_MS: 'soon' })).toThrow(/SLIPWAY_READY_GRACE_MS/);
  });
});

suite('Kubernetes host: /metrics, /ready and draining on SIGTERM (fake API server, PostgreSQL)', () => {
  let db: TestDatabase;
  let fake: KubeFake;
  let host: KubernetesHost;
  let stopped = false;
  const run = randomBytes(4).toString('hex');
  const token = randomBytes(16).toString('hex');
  const get = (path: string, bearer?: string) => fetch(`${host.url}${path}`, bearer ? { headers: { Authorization: `Bearer ${bearer}` } } : {});

  beforeAll(async () => {
    db = await createTestDatabase('slipway_kube_ops');
    fake = await startKubeFake();
    host = await startKubernetesHost(
      { port: 0, host: '127.0.0.1', databaseUrl: db.url, token, tokenGenerated: false, username: 'admin', logLevel: 'warn', namespacePrefix: `o${run}-` },
      { kubeconfig: fake.kubeconfig() },
    );
  }, 120_000);

  afterAll(async () => {
    if (!stopped) await host?.close();
    await fake?.close();
    await db?.drop();
  }, 120_000);

  it('serves /metrics to its own (admin) token by default, with the series of the requests it answered', async () => {
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', 'not-the-token')).status).toBe(401);
    const before = requestCount(await (await get('/metrics', token)).text(), 'method="GET",route="/apps",status="200"');
    expect((await get('/apps', token)).status).toBe(200);
    const res = await get('/metrics', token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const exposition = await res.text();
    expect(requestCount(exposition, 'method="GET",route="/apps",status="200"')).toBe(before + 1);
    expect(exposition).toContain('# TYPE slipway_job_runs_total counter');
  });

  it('answers /ready 200, then 503 from the moment SIGTERM starts the drain, and closes once requests drained', async () => {
    const ready = await get('/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', store: 'ok', draining: false });

    // The same wiring main.ts uses, with an emitter standing in for the process (a real SIGTERM would stop vitest).
    const signals = new EventEmitter();
    let drainedReport: DrainReport | undefined;
    const done = new Promise<DrainReport>((resolve) => {
      drainOnSignals(host, { emitter: signals, announceMs: 5_000, onDrained: (r) => (drainedReport = r), onStopped: resolve });
    });
    signals.emit('SIGTERM');
    expect(host.graceful.draining).toBe(true);
    const draining = await get('/ready');
    expect(draining.status).toBe(503);
    expect(await draining.json()).toEqual({ status: 'draining', store: 'unchecked', draining: true });
    // Still serving through the announce window: the Service drops the pod before connections are refused.
    expect((await get('/apps', token)).status).toBe(200);

    const report = await done;
    stopped = true;
    expect(report).toBe(drainedReport);
    expect(report).toMatchObject({ cut: 0, timedOut: false });
    expect(host.server.listening).toBe(false);
    await expect(get('/health')).rejects.toThrow();
  });
});

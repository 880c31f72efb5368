import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RuntimeEvent } from '@slipway/core';
import { IN_CI, busyboxImageContext, createTestDatabase, findOrStartDockerEngine, postgresAvailable, sourceDataUrl, type DockerEngine, type TestDatabase } from '@slipway/testkit';
import { DockerApi, startKubeFake, type KubeFake } from '@slipway/kube-fake';
import { startKubernetesHost, type KubernetesHost } from '../src/server.js';

const LABEL = 'io.slipway.test-run';
const run = randomBytes(4).toString('hex');
const baseImage = `slipway-kube-e2e/busybox:${run}`;
const pg = await postgresAvailable();
const engine: DockerEngine | null = pg ? await findOrStartDockerEngine() : null;
if (!engine && IN_CI) throw new Error('a Docker engine is required in CI');

const appSource = sourceDataUrl;
const dockerfile = `FROM ${baseImage}\nCOPY start.sh /start.sh\nCMD ["sh", "/start.sh"]\n`;
const startScript = `mkdir -p /tmp/www\necho "hello $GREETING" > /tmp/www/index.html\nexec httpd -f -p "$PORT" -h /tmp/www\n`;

const suite = pg && engine ? describe : describe.skip;

suite('Kubernetes host: two controller replicas on one PostgreSQL, one cluster (fake API server, pods on Docker)', () => {
  let db: TestDatabase;
  let fake: KubeFake;
  let a: KubernetesHost;
  let b: KubernetesHost;
  const token = randomBytes(16).toString('hex');
  const events: RuntimeEvent[] = [];
  const docker = new DockerApi(engine?.host ?? 'unix:///nonexistent');

  const request = async (host: KubernetesHost, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${host.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    await docker.build(baseImage, busyboxImageContext(), { [LABEL]: run });
    db = await createTestDatabase('slipway_kube_host');
    fake = await startKubeFake({ pods: { docker: engine!.host, labels: { [LABEL]: run } } });
    const settings = { port: 0, host: '127.0.0.1', databaseUrl: db.url, token, tokenGenerated: false, username: 'admin', logLevel: 'warn', namespacePrefix: `e${run}-`, buildDockerHost: engine!.host, imageRepository: `slipway-kube-e2e-${run}` };
    const overrides = {
      kubeconfig: fake.kubeconfig(),
      runtime: { probePeriodSeconds: 1, readyTimeoutMs: 60_000, pollIntervalMs: 200, terminationGracePeriodSeconds: 2, labels: { [LABEL]: run } },
      buildLabels: { [LABEL]: run },
      deploys: { deployRetryMs: 500 },
      onRuntimeEvent: (e: RuntimeEvent) => events.push(e),
    };
    a = await startKubernetesHost(settings, overrides);
    b = await startKubernetesHost(settings, { ...overrides, onRuntimeEvent: () => undefined });
  }, 180_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fake?.close();
    await db?.drop();
    const filters = encodeURIComponent(JSON.stringify({ label: [`${LABEL}=${run}`] }));
    const images = ((await docker.call('GET', `/images/json?filters=${filters}`).catch(() => ({ body: [] }))).body ?? []) as Array<{ Id: string }>;
    for (const i of images) await docker.call('DELETE', `/images/${i.Id}?force=1`).catch(() => undefined);
    await engine?.stop();
  }, 180_000);

  it('builds, releases and scales through either replica, and dynos serve from the cluster', async () => {
    expect((await request(a, 'POST', '/organizations', { name: 'acme', description: 'Acme' })).status).toBe(201);
    expect((await request(b, 'POST', '/apps', { org: 'acme', name: 'kube', space: 'default' })).status).toBe(201);
    expect((await request(a, 'PATCH', '/apps/kube-default/config-vars', { GREETING: 'from kubernetes' })).status).toBe(200);
    const created = await request(a, 'POST', '/apps/kube-default/builds', { ...appSource({ Dockerfile: dockerfile, 'start.sh': startScript, Procfile: 'web: sh /start.sh\n' }), org: 'acme', sha: 'abc123', version: 'v1' });
    expect(created.status).toBe(201);
    await expect.poll(async () => (await request(b, 'GET', `/apps/kube-default/builds/${created.body.id}`)).body.status, { timeout: 120_000, interval: 300 }).toBe('succeeded');
    // auto-release is on by default: the build's release rolls out on the cluster; scale through the other replica.
    expect((await request(b, 'PATCH', '/apps/kube-default/formation/web', { quantity: 2 })).status).toBe(200);
    await expect
      .poll(
        async () => {
          const dynos = (await request(b, 'GET', '/apps/kube-default/dynos')).body as Array<{ state: string; type: string }>;
          return dynos.filter((d) => d.type === 'web' && d.state === 'running').length;
        },
        { timeout: 120_000, interval: 300 },
      )
      .toBe(2);
    const dynos = await a.runtime.listDynos({ app: { id: (await request(a, 'GET', '/apps/kube-default')).body.id, name: 'kube' }, space: { id: (await request(a, 'GET', '/spaces/default')).body.id, name: 'default' } });
    const answers = await Promise.all(dynos.map(async (d) => (await (await fetch(`http://${d.endpoint!.host}:${d.endpoint!.port}/`)).text()).trim()));
    expect(answers).toEqual(['hello from kubernetes', 'hello from kubernetes']);
    // The cluster holds one Deployment for web, in the space's namespace, labelled for the app.
    const deployments = fake.registry.store.list('deployments', `e${run}-default`);
    expect(deployments.map((d) => [d.metadata.name, d.spec.replicas])).toEqual([['kube-web', 2]]);
    await expect.poll(() => events.some((e) => e.kind === 'released' && e.app.name === 'kube'), { timeout: 30_000 }).toBe(true);
  });
});

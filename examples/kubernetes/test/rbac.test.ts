import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAllYaml } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredAppState, ProcessSpec } from '@slipway/core';
import { startKubeFake, type KubeFake } from '@slipway/kube-fake';
import { gatewayApiRouter, ingressRouter } from '@slipway/router-kubernetes';
import { KubernetesRuntimeDriver } from '@slipway/runtime-kubernetes';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const manifest = fileURLToPath(new URL('../manifests/rbac.yaml', import.meta.url));
const role = (loadAllYaml(readFileSync(manifest, 'utf8')) as Array<{ kind: string; rules?: Rule[] }>).find((d) => d.kind === 'ClusterRole')!;
// `group/resource verb`: `pods` of metrics.k8s.io are not the core group's `pods`.
const granted = new Set(role.rules!.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${g}/${res} ${v}`)))));

let fake: KubeFake;
let driver: KubernetesRuntimeDriver;

const space = { id: 'space-rbac', name: 'rbac' };
const app = { id: 'app-rbac', name: 'rbac' };
const web = (port: number): ProcessSpec => ({ type: 'web', quantity: 1, size: 'small', memory_bytes: null, command: 'serve', port, healthcheck: null });
const worker: ProcessSpec = { type: 'worker', quantity: 1, size: 'small', memory_bytes: null, command: 'work', port: null, healthcheck: null };
const state = (version: number, processes: ProcessSpec[]): DesiredAppState => ({ app, space, release: { id: `r${version}`, version }, image: 'registry.example/rbac:1', env: { V: String(version) }, processes });
const target = (port: number) => ({ app_id: app.id, app_key: 'rbac-rbac', app: app.name, space: space.name, port, backends: [], maintenance: false });
const host = (name: string, port: number) => ({ host: name, kind: 'app' as const, routes: [{ path: '/', target_path: '/', target: target(port) }] });

/** A throwaway self-signed certificate (the routers store it; nothing parses it here). */
function selfSigned(domain: string): { cert_pem: string; key_pem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'slw-rbac-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${domain}`, '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
    return { cert_pem: readFileSync(join(dir, 'c.pem'), 'utf8'), key_pem: readFileSync(join(dir, 'k.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  fake = await startKubeFake({ kubelet: { tickMs: 20 } });
  driver = new KubernetesRuntimeDriver({ kubeconfig: fake.kubeconfig(), probePeriodSeconds: 1, pollIntervalMs: 50, readyTimeoutMs: 15_000, terminationGracePeriodSeconds: 1, minReadySeconds: 0 });
});

afterAll(async () => {
  await driver?.close();
  await fake?.close();
});

describe('the example ClusterRole', () => {
  it('grants exactly the verbs the drivers use: nothing they need is missing, nothing they do not use is granted', async () => {
    // The controller's own namespace holds the certificates and (in this test) the Gateway; the manifests create it.
    const ns = await fetch(`${fake.url}/api/v1/namespaces`, { method: 'POST', headers: { Authorization: `Bearer ${fake.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'slipway-system' } }) });
    expect(ns.status).toBe(201);
    const mark = fake.requests.length;
    // Every operation of the drivers, including the paths that patch, prune and delete.
    const events = await driver.watchEvents(() => undefined);
    await driver.converge(state(1, [web(5000), worker]));
    await driver.converge(state(2, [web(5001), worker]));
    await driver.dynoUsage({ app, space });
    const [first] = await driver.listDynos({ app, space });
    await driver.dynoUsage({ app, space }, first.name);
    const routers = [gatewayApiRouter({ kubeConfig: fake.kubeconfig(), parentRef: { name: 'public', namespace: 'slipway-system' } }), ingressRouter({ kubeConfig: fake.kubeconfig(), ingressClassName: 'nginx' })];
    for (const router of routers) {
      await router.converge(host('rbac-rbac.apps.example.test', 5000));
      await router.converge(host('rbac-rbac.apps.example.test', 5001));
      await router.installCertificate({ id: 'c1', domains: ['rbac-rbac.apps.example.test'], ...selfSigned('rbac-rbac.apps.example.test') });
      await router.installCertificate({ id: 'c1', domains: ['rbac-rbac.apps.example.test'], ...selfSigned('rbac-rbac.apps.example.test') });
      expect(await router.hosts()).toEqual(['rbac-rbac.apps.example.test']);
      await router.removeCertificate('c1');
      await router.remove('rbac-rbac.apps.example.test');
      await router.close();
    }
    await driver.restart({ app, space }, { type: 'web' });
    const [dyno] = await driver.listDynos({ app, space });
    await driver.restart({ app, space }, { dyno: dyno.name });
    for await (const _ of driver.logs({ app, space }, { lines: 5 })) void _;
    await driver.converge(state(2, [web(5001)]));
    await driver.removeApp({ app, space });
    await driver.removeSpace(space);
    await events.close();
    // Streams are recorded when they end, a moment after the client hung up.
    await expect.poll(() => fake.requests.filter((r) => r.verb === 'watch').length).toBe(2);

    const used = new Set(fake.requests.slice(mark).filter((r) => r.plural).map((r) => `${r.group}/${r.plural}${r.subresource ? `/${r.subresource}` : ''} ${r.verb}`));
    expect([...used].filter((u) => !granted.has(u)).sort()).toEqual([]);
    expect([...granted].filter((g) => !used.has(g)).sort()).toEqual([]);
    expect(fake.requests.slice(mark).filter((r) => r.status === 401 || r.status === 403)).toEqual([]);
  });
});

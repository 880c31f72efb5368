import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAllYaml } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredAppState, ProcessSpec } from '@slipway/core';
import { startKubeFake, type KubeFake } from '@slipway/kube-fake';
import { KubernetesRuntimeDriver } from '@slipway/runtime-kubernetes';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const manifest = fileURLToPath(new URL('../manifests/rbac.yaml', import.meta.url));
const role = (loadAllYaml(readFileSync(manifest, 'utf8')) as Array<{ kind: string; rules?: Rule[] }>).find((d) => d.kind === 'ClusterRole')!;
const granted = new Set(role.rules!.flatMap((r) => r.resources.flatMap((res) => r.verbs.map((v) => `${res} ${v}`))));

let fake: KubeFake;
let driver: KubernetesRuntimeDriver;

const space = { id: 'space-rbac', name: 'rbac' };
const app = { id: 'app-rbac', name: 'rbac' };
const web = (port: number): ProcessSpec => ({ type: 'web', quantity: 1, size: 'small', memory_bytes: null, command: 'serve', port, healthcheck: null });
const worker: ProcessSpec = { type: 'worker', quantity: 1, size: 'small', memory_bytes: null, command: 'work', port: null, healthcheck: null };
const state = (version: number, processes: ProcessSpec[]): DesiredAppState => ({ app, space, release: { id: `r${version}`, version }, image: 'registry.example/rbac:1', env: { V: String(version) }, processes });

beforeAll(async () => {
  fake = await startKubeFake({ kubelet: { tickMs: 20 } });
  driver = new KubernetesRuntimeDriver({ kubeconfig: fake.kubeconfig(), probePeriodSeconds: 1, pollIntervalMs: 50, readyTimeoutMs: 15_000, terminationGracePeriodSeconds: 1, minReadySeconds: 0 });
});

afterAll(async () => {
  await driver?.close();
  await fake?.close();
});

describe('the example ClusterRole', () => {
  it('grants exactly the verbs the driver uses: nothing it needs is missing, nothing it does not use is granted', async () => {
    // Every operation of the driver, including the paths that patch, prune and delete.
    const events = await driver.watchEvents(() => undefined);
    await driver.converge(state(1, [web(5000), worker]));
    await driver.converge(state(2, [web(5001), worker]));
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

    const used = new Set(fake.requests.filter((r) => r.plural).map((r) => `${r.plural}${r.subresource ? `/${r.subresource}` : ''} ${r.verb}`));
    expect([...used].filter((u) => !granted.has(u)).sort()).toEqual([]);
    expect([...granted].filter((g) => !used.has(g)).sort()).toEqual([]);
    expect(fake.requests.filter((r) => r.status === 401 || r.status === 403)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredAppState, ProcessSpec } from '@slipway/core';
import { startKubeFake, type KubeFake, type RequestRecord } from '@slipway/kube-fake';
import { KEYS } from './names.js';
import { KubernetesRuntimeDriver } from './runtime-driver.js';

let fake: KubeFake;
let a: KubernetesRuntimeDriver;
let b: KubernetesRuntimeDriver;
const app = { id: 'app-replicas', name: 'shared' };
const space = { id: 'space-replicas', name: 'replicas' };
const namespace = 'slipway-replicas';
const processes: ProcessSpec[] = [
  { type: 'web', quantity: 2, size: 'small', memory_bytes: 64 * 2 ** 20, command: 'serve', port: 5000, healthcheck: null },
  { type: 'worker', quantity: 1, size: 'small', memory_bytes: null, command: 'work', port: null, healthcheck: null },
];
const state = (version: number): DesiredAppState => ({ app, space, release: { id: `rel-${version}`, version }, image: `registry.example/shared:${version}`, env: { VERSION: String(version) }, processes });

const WRITES = new Set(['create', 'update', 'patch', 'delete']);
const since = (mark: number) => fake.requests.slice(mark);
const writesTo = (reqs: RequestRecord[], plural: string) => reqs.filter((r) => r.plural === plural && WRITES.has(r.verb) && r.status < 300);
const conflicts = (reqs: RequestRecord[]) => reqs.filter((r) => r.status === 409);
const deploymentsNow = () => fake.registry.store.list('deployments', namespace).sort((x, y) => x.metadata.name.localeCompare(y.metadata.name));

beforeAll(async () => {
  fake = await startKubeFake({ kubelet: { tickMs: 20 } });
  // Every request waits a little, so the two replicas' reads and writes interleave instead of running in turn.
  fake.setLatency(10);
  const options = { kubeconfig: fake.kubeconfig(), probePeriodSeconds: 1, pollIntervalMs: 50, readyTimeoutMs: 20_000, terminationGracePeriodSeconds: 1 };
  a = new KubernetesRuntimeDriver(options);
  b = new KubernetesRuntimeDriver(options);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await fake?.close();
});

describe('two controller replicas reconciling the same app', () => {
  it('converge the same state concurrently: each object is written once, the loser of each race writes nothing', async () => {
    const mark = fake.requests.length;
    const [ra, rb] = await Promise.all([a.converge(state(1)), b.converge(state(1))]);
    const reqs = since(mark);
    // They did race: someone's create or patch was refused, and nobody overwrote anybody.
    expect(conflicts(reqs).length).toBeGreaterThan(0);
    expect(writesTo(reqs, 'deployments')).toHaveLength(2);
    expect(writesTo(reqs, 'secrets')).toHaveLength(1);
    expect(writesTo(reqs, 'services')).toHaveLength(1);
    expect(writesTo(reqs, 'namespaces')).toHaveLength(1);
    const dynos = await a.listDynos({ app, space });
    expect(dynos).toHaveLength(3);
    expect(new Set([...ra.started, ...rb.started])).toEqual(new Set(dynos.map((d) => d.id)));
  });

  it('apply releases in sequence from alternating replicas without losing one or rolling back, and keep foreign fields', async () => {
    // Someone else (an operator, another controller) annotates the Deployment; a blind overwrite would drop it.
    const res = await fetch(`${fake.url}/apis/apps/v1/namespaces/${namespace}/deployments/shared-web`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${fake.token}`, 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { annotations: { 'example.com/owner': 'ops' } } }),
    });
    expect(res.status).toBe(200);
    for (let version = 2; version <= 5; version++) {
      const [first, second] = version % 2 ? [a, b] : [b, a];
      const mark = fake.requests.length;
      // The replica that got the job converges; the other, racing, converges the same new state at once.
      await Promise.all([first.converge(state(version)), second.converge(state(version))]);
      const reqs = since(mark);
      expect(writesTo(reqs, 'deployments'), `release ${version}: one write per process type`).toHaveLength(2);
      for (const d of deploymentsNow()) {
        expect(d.spec.template.metadata.annotations[KEYS.releaseId]).toBe(`rel-${version}`);
        expect(d.spec.template.spec.containers[0].image).toBe(`registry.example/shared:${version}`);
      }
      const dynos = await first.listDynos({ app, space });
      expect(dynos.map((d) => d.release?.version)).toEqual([version, version, version]);
    }
    expect(fake.registry.store.get('deployments', namespace, 'shared-web')!.metadata.annotations!['example.com/owner']).toBe('ops');
  });

  it('settle: converging the converged state again, from both replicas at once, writes nothing (no flapping)', async () => {
    const mark = fake.requests.length;
    const revisions = deploymentsNow().map((d) => d.metadata.annotations!['deployment.kubernetes.io/revision']);
    for (let i = 0; i < 3; i++) {
      const [ra, rb] = await Promise.all([a.converge(state(5)), b.converge(state(5))]);
      expect(ra).toEqual({ started: [], removed: [], not_ready: [] });
      expect(rb).toEqual({ started: [], removed: [], not_ready: [] });
    }
    expect(since(mark).filter((r) => WRITES.has(r.verb))).toEqual([]);
    expect(deploymentsNow().map((d) => d.metadata.annotations!['deployment.kubernetes.io/revision'])).toEqual(revisions);
  });
});

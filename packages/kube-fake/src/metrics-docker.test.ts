import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxImageContext, findOrStartDockerEngine, type DockerEngine } from '@slipway/testkit';
import { until, wire } from '../test/wire.js';
import { DockerApi, startKubeFake, type KubeFake } from './index.js';

const LABEL = 'io.slipway.test-run';
const run = randomBytes(4).toString('hex');
const image = `slipway-test/kube-fake-busybox:${run}`;

let engine: DockerEngine | null;
let docker: DockerApi;
let fake: KubeFake;

/** A Deployment of one busybox pod running `script`. */
const deployment = (name: string, script: string) => ({
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image, command: ['/bin/sh', '-c', script] }] } },
  },
});

/** Parses the quantities metrics-server writes (`123n`, `4567Ki`). */
const nano = (q: string) => Number(q.replace(/n$/, ''));
const kib = (q: string) => Number(q.replace(/Ki$/, '')) * 1024;

beforeAll(async () => {
  engine = await findOrStartDockerEngine();
  // The values come from a real container runtime or the test proves nothing: no engine is a failure, not a skip.
  if (!engine) throw new Error('a Docker engine is required (set DOCKER_HOST, or run as root with dockerd installed)');
  docker = new DockerApi(engine.host);
  await docker.build(image, busyboxImageContext(), { [LABEL]: run });
  fake = await startKubeFake({ pods: { docker: engine.host, labels: { [LABEL]: run } }, kubelet: { tickMs: 100 } });
}, 180_000);

afterAll(async () => {
  await fake?.close();
  await docker?.call('DELETE', `/images/${encodeURIComponent(image)}?force=1`).catch(() => undefined);
  await engine?.stop();
}, 120_000);

describe('metrics.k8s.io from Docker containers', () => {
  it('reports the CPU and working set the engine measures for each running pod', async () => {
    const api = wire(fake);
    await api('POST', '/api/v1/namespaces', { metadata: { name: 'load' } });
    // One pod spins a core; the other keeps 16 MiB in its /dev/shm (tmpfs pages are charged to its memory cgroup
    // and are not reclaimable file cache, so they count in the working set) and sleeps.
    await api('POST', '/apis/apps/v1/namespaces/load/deployments', deployment('spin', 'while :; do :; done'));
    await api('POST', '/apis/apps/v1/namespaces/load/deployments', deployment('hold', 'printf "%016777216d" 0 > /dev/shm/blob; sleep 3600'));
    await until('both pods running', async () => {
      const pods = (await api('GET', '/api/v1/namespaces/load/pods')).body.items;
      return pods.length === 2 && pods.every((p: any) => p.status.phase === 'Running') ? pods : undefined;
    }, 120_000);

    const byApp = await until('metrics of both pods, the blob in memory', async () => {
      const list = (await api('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/load/pods')).body;
      const m = Object.fromEntries(list.items.map((i: any) => [i.metadata.labels.app, i]));
      return m.spin && m.hold && kib(m.hold.containers[0].usage.memory) > 16 * 2 ** 20 ? m : undefined;
    }, 60_000);
    expect(byApp.spin.containers[0].name).toBe('app');
    expect(byApp.spin.window).toMatch(/^\d+(\.\d+)?s$/);
    // A busy loop uses a good share of a core (how much depends on what else runs); a sleeping shell next to nothing.
    expect(nano(byApp.spin.containers[0].usage.cpu)).toBeGreaterThan(20_000_000);
    expect(nano(byApp.hold.containers[0].usage.cpu)).toBeLessThan(nano(byApp.spin.containers[0].usage.cpu));
    expect(kib(byApp.hold.containers[0].usage.memory)).toBeGreaterThan(kib(byApp.spin.containers[0].usage.memory));

    const spinPod = byApp.spin.metadata.name;
    const one = (await api('GET', `/apis/metrics.k8s.io/v1beta1/namespaces/load/pods/${spinPod}`)).body;
    expect(one).toMatchObject({ kind: 'PodMetrics', metadata: { name: spinPod, namespace: 'load' } });
    expect(nano(one.containers[0].usage.cpu)).toBeGreaterThan(20_000_000);
  }, 240_000);
});

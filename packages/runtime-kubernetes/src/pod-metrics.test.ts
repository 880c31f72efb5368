import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DriverUnavailableError, NotFoundError, hasRuntimeMetrics, type DesiredAppState, type ProcessSpec } from '@slipway/core';
import { startKubeFake, type KubeFake } from '@slipway/kube-fake';
import { parseCpuQuantity, parseMemoryQuantity, parseWindow } from './pod-metrics.js';
import { KubernetesRuntimeDriver } from './runtime-driver.js';

let fake: KubeFake;
let driver: KubernetesRuntimeDriver;
const app = { id: 'app-usage', name: 'usage' };
const space = { id: 'space-usage', name: 'usage' };
const web: ProcessSpec = { type: 'web', quantity: 2, size: 'small', memory_bytes: null, command: 'serve', port: 5000, healthcheck: null };
const state: DesiredAppState = { app, space, release: { id: 'r1', version: 1 }, image: 'registry.example/usage:1', env: {}, processes: [web] };

beforeAll(async () => {
  fake = await startKubeFake({ kubelet: { tickMs: 20 } });
  driver = new KubernetesRuntimeDriver({ kubeconfig: fake.kubeconfig(), probePeriodSeconds: 1, pollIntervalMs: 50, readyTimeoutMs: 20_000, terminationGracePeriodSeconds: 1, minReadySeconds: 0 });
  await driver.converge(state);
});
afterAll(async () => {
  await driver?.close();
  await fake?.close();
});

describe('dyno usage from metrics.k8s.io', () => {
  it("lists the app's dynos with the CPU and memory the node reports, and reads one by dyno name", async () => {
    const pods = fake.registry.store.list('pods', 'slipway-usage').map((p) => p.metadata.name).sort();
    expect(pods).toHaveLength(2);
    fake.simulated!.setUsage('slipway-usage', pods[0], { cpuNanoCores: 250_000_000, memoryBytes: 96 * 2 ** 20 });
    const usage = await driver.dynoUsage({ app, space });
    const dynos = await driver.listDynos({ app, space });
    expect(usage.map((u) => u.dyno).sort()).toEqual(dynos.map((d) => d.name).sort());
    const busy = usage.find((u) => u.memory_bytes === 96 * 2 ** 20)!;
    expect(busy).toMatchObject({ type: 'web', cpu_cores: 0.25, window_ms: 10_000 });
    expect(busy.sampled_at).toBeInstanceOf(Date);
    const [one] = await driver.dynoUsage({ app, space }, busy.dyno);
    expect({ ...one, sampled_at: busy.sampled_at }).toEqual(busy);
    await expect(driver.dynoUsage({ app, space }, 'web.nope-nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(driver.dynoUsage({ app: { id: 'other', name: 'other' }, space }, busy.dyno)).rejects.toBeInstanceOf(NotFoundError);

    // The same figures through the RuntimeMetrics capability GET /apps/{app}/metrics reads: the average of both dynos.
    expect(hasRuntimeMetrics(driver)).toBe(true);
    const now = new Date();
    const series = await driver.metrics({ app, space }, { from: new Date(now.getTime() - 3_600_000), to: new Date(now.getTime() + 60_000), resolutionSeconds: 60 });
    const [bucket, value] = Object.entries(series.memory_working_set_bytes ?? {})[0]!;
    expect(Number(bucket) % 60).toBe(0);
    expect(value).toBe(usage.reduce((a, u) => a + u.memory_bytes, 0) / usage.length);
    expect(series.cpu_usage_seconds_total).toBeUndefined();
  });

  it('reports an unreachable cluster as unavailable', async () => {
    const down = new KubernetesRuntimeDriver({ kubeconfig: { ...fake.kubeconfig(), clusters: [{ name: fake.kubeconfig().clusters[0].name, server: 'http://127.0.0.1:1', skipTLSVerify: true }] } });
    await expect(down.dynoUsage({ app, space })).rejects.toBeInstanceOf(DriverUnavailableError);
    await down.close();
  });

  it('parses the quantities metrics-server writes', () => {
    expect(parseCpuQuantity('1500000n')).toBeCloseTo(0.0015);
    expect(parseCpuQuantity('250m')).toBe(0.25);
    expect(parseCpuQuantity('2')).toBe(2);
    expect(parseMemoryQuantity('4096Ki')).toBe(4 * 2 ** 20);
    expect(parseMemoryQuantity('1G')).toBe(1e9);
    expect(parseWindow('10.062s')).toBe(10_062);
    expect(parseWindow('1m0s')).toBe(60_000);
  });
});

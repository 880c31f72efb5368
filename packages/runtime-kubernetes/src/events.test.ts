import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredAppState, ProcessSpec, RuntimeEvent, RuntimeEventSubscription } from '@slipway/core';
import { hasRuntimeEvents } from '@slipway/core';
import { startKubeFake, type KubeFake } from '@slipway/kube-fake';
import { KubernetesRuntimeDriver } from './runtime-driver.js';

let fake: KubeFake;
let driver: KubernetesRuntimeDriver;
let sub: RuntimeEventSubscription;
const events: RuntimeEvent[] = [];
const space = { id: 'space-ev', name: 'events' };

const proc = (over: Partial<ProcessSpec>): ProcessSpec => ({ type: 'web', quantity: 1, size: 'small', memory_bytes: 64 * 2 ** 20, command: 'serve', port: 5000, healthcheck: null, ...over });
const state = (name: string, processes: ProcessSpec[], version = 1, image = 'registry.example/app:1'): DesiredAppState => ({
  app: { id: `app-${name}`, name },
  space,
  release: { id: `rel-${name}-${version}`, version },
  image,
  env: { GREETING: 'hi' },
  processes,
});

async function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; events so far: ${JSON.stringify(events)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const podOf = async (app: string, type: string) =>
  (await driver.listDynos({ app: { id: `app-${app}`, name: app }, space })).find((d) => d.type === type)!;
const podName = (app: string, dyno: string) => `${app}-${dyno.replace('.', '-')}`;

beforeAll(async () => {
  fake = await startKubeFake({ kubelet: { tickMs: 25, crashBackoffMs: 200 } });
  driver = new KubernetesRuntimeDriver({ kubeconfig: fake.kubeconfig(), probePeriodSeconds: 1, pollIntervalMs: 50, readyTimeoutMs: 15_000, bootTimeoutSeconds: 2, terminationGracePeriodSeconds: 1 });
  expect(hasRuntimeEvents(driver)).toBe(true);
  sub = await driver.watchEvents((e) => events.push(e));
});

afterAll(async () => {
  await sub?.close();
  await driver?.close();
  await fake?.close();
});

describe('Kubernetes runtime events', () => {
  it('reports released once per release, when every process type of the app is fully available', async () => {
    await driver.converge(state('rel', [proc({}), proc({ type: 'worker', port: null })]));
    const first = await until('released v1', () => events.find((e) => e.kind === 'released' && e.app.name === 'rel'));
    expect(first).toMatchObject({ kind: 'released', app: { id: 'app-rel', name: 'rel' }, space, slug: { image: 'registry.example/app:1' }, release: { id: 'rel-rel-1', version: 1 } });
    expect(Number.isNaN(Date.parse((first as { released_at: string }).released_at))).toBe(false);
    // A scale change is no new release; a new release is.
    await driver.converge(state('rel', [proc({ quantity: 2 }), proc({ type: 'worker', port: null })]));
    await driver.converge(state('rel', [proc({ quantity: 2 }), proc({ type: 'worker', port: null })], 2, 'registry.example/app:2'));
    await until('released v2', () => events.find((e) => e.kind === 'released' && e.release?.version === 2));
    expect(events.filter((e) => e.kind === 'released' && e.app.name === 'rel').map((e) => e.release?.version)).toEqual([1, 2]);
  });

  it('reports an out-of-memory kill as R14 with the dyno, and a plain crash as H10', async () => {
    await driver.converge(state('oom', [proc({})]));
    const dyno = await podOf('oom', 'web');
    expect(fake.simulated!.exit(`slipway-${space.name}`, podName('oom', dyno.name), 137, { oomKilled: true })).toBe(true);
    const r14 = await until('R14', () => events.find((e) => e.kind === 'crashed' && e.app.name === 'oom'));
    expect(r14).toMatchObject({ kind: 'crashed', code: 'R14', description: 'Memory quota exceeded', restarts: 1, dynos: [{ type: 'web', dyno: dyno.name }], space: { name: 'events' } });
    // The next exit can only happen once the kubelet restarted the container.
    await until('the restart', () => (fake.simulated!.exit(`slipway-${space.name}`, podName('oom', dyno.name), 3) ? true : undefined));
    const h10 = await until('H10', () => events.find((e) => e.kind === 'crashed' && e.app.name === 'oom' && e.code === 'H10'));
    expect(h10).toMatchObject({ description: 'App crashed', restarts: 2 });
    expect(events.filter((e) => e.kind === 'crashed' && e.app.name === 'oom')).toHaveLength(2);
  });

  it('reports a clean exit as H8, an unpullable image as H99 and a web dyno that never gets ready as H20', async () => {
    await driver.converge(state('exit', [proc({ type: 'worker', port: null })]));
    const w = await podOf('exit', 'worker');
    fake.simulated!.exit(`slipway-${space.name}`, podName('exit', w.name), 0);
    await until('H8', () => events.find((e) => e.kind === 'crashed' && e.app.name === 'exit' && e.code === 'H8'));

    fake.simulated!.missingImages.add('registry.example/missing:1');
    await driver.converge(state('pull', [proc({ type: 'worker', port: null })], 1, 'registry.example/missing:1'));
    const h99 = await until('H99', () => events.find((e) => e.kind === 'crashed' && e.app.name === 'pull'));
    expect(h99).toMatchObject({ code: 'H99', description: 'Platform error' });
    expect((await podOf('pull', 'worker')).state).toBe('start-failure');

    fake.simulated!.unhealthyImages.add('registry.example/never-ready:1');
    const converged = await driver.converge(state('boot', [proc({ healthcheck: '/health' })], 1, 'registry.example/never-ready:1'));
    expect(converged.not_ready).toHaveLength(1);
    const h20 = await until('H20', () => events.find((e) => e.kind === 'crashed' && e.app.name === 'boot'));
    expect(h20).toMatchObject({ code: 'H20', description: 'App boot timeout', dynos: [{ type: 'web' }] });
    expect((await podOf('boot', 'web')).state).toBe('probe-failure');
  });

  it('does not replay crashes that happened before it started watching', async () => {
    const late: RuntimeEvent[] = [];
    const second = await driver.watchEvents((e) => late.push(e));
    await new Promise((r) => setTimeout(r, 300));
    await second.close();
    expect(late).toEqual([]);
  });
});

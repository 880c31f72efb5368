import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasRuntimeEvents,
  type AppTarget,
  type CrashedRuntimeEvent,
  type DesiredAppState,
  type ProcessSpec,
  type RuntimeDriver,
  type RuntimeEvent,
  type RuntimeEventSource,
  type RuntimeEventSubscription,
} from '@slipway/core';

/** A driver that also reports runtime events. */
export type EventingDriver = RuntimeDriver & RuntimeEventSource;

/** What the engine behind a driver can show; the contract runs the matching cases. */
export interface RuntimeEventsCapabilities {
  /** Memory limits are enforced, and a dyno killed for exceeding its limit is reported R14. */
  oom: boolean;
  /** A command that cannot be executed at all (missing binary) is reported H9. */
  startFailure: boolean;
}

/** A second driver on the same engine whose connection the test can cut, to drop its event stream for real. */
export interface CuttableDriver {
  driver: EventingDriver;
  /** Cuts every open connection between the driver and the engine (new connections still go through). */
  cut(): void;
  /** Closes the driver and whatever carries its connections (e.g. a TCP proxy). */
  close(): Promise<void>;
}

/** What the adapter's test hands the contract. */
export interface RuntimeEventsFixture {
  driver: EventingDriver;
  /** An image with busybox applets on PATH (sh, sleep, httpd, trap); `busyboxRootfsTar()` makes one. */
  image: string;
  /** Opens a driver whose engine connection can be cut (e.g. through `cuttableTcpProxy`). */
  cuttable(): Promise<CuttableDriver>;
  /** Called once after the suite, after the contract removed its apps. */
  teardown?: () => Promise<void>;
}

const TIMEOUT = 180_000;

/**
 * The behaviour of every RuntimeEventSource: crashes come out as `crashed` events with the seed's crash code
 * (H10 non-zero exit, H8 clean exit, H9 no start, R14 out of memory) once per crash, exits the driver itself caused
 * (rollouts, scale down, restarts, removals) stay silent, and a subscription whose stream dropped comes back and
 * reports the crashes it missed. Dynos run a busybox image; apps get names unique to this run, since the engine and
 * its event stream may be shared with other tests.
 */
export function runtimeEventsContract(name: string, factory: () => Promise<RuntimeEventsFixture>, caps: RuntimeEventsCapabilities): void {
  const tag = randomBytes(3).toString('hex');
  const space = { id: `space-ev-${tag}`, name: `ev${tag}` };
  let fx: RuntimeEventsFixture;
  let driver: EventingDriver;
  let sub: RuntimeEventSubscription | undefined;
  const events: RuntimeEvent[] = [];
  const used = new Set<string>();

  const target = (app: string): AppTarget => ({ app: { id: `app-${app}-${tag}`, name: `${app}-${tag}` }, space });
  const proc = (over: Partial<ProcessSpec>): ProcessSpec => ({ type: 'worker', quantity: 1, size: 'small', memory_bytes: null, command: 'sleep 1000', port: null, healthcheck: null, ...over });
  const state = (app: string, processes: ProcessSpec[], version = 1): DesiredAppState => {
    used.add(app);
    return { ...target(app), release: { id: `rel-${app}-${version}`, version }, image: fx.image, env: {}, processes };
  };
  const crashesOf = (app: string, list: RuntimeEvent[] = events) =>
    list.filter((e): e is CrashedRuntimeEvent => e.kind === 'crashed' && e.app.id === target(app).app.id);

  async function until<T>(what: string, probe: () => T | undefined, ms = 90_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = probe();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; events so far: ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  describe(`RuntimeEventSource contract: ${name}`, () => {
    beforeAll(async () => {
      fx = await factory();
      driver = fx.driver;
      expect(hasRuntimeEvents(driver)).toBe(true);
      sub = await driver.watchEvents((e) => events.push(e));
    }, TIMEOUT);

    afterAll(async () => {
      await sub?.close();
      for (const app of used) await driver?.removeApp(target(app)).catch(() => undefined);
      await driver?.removeSpace(space).catch(() => undefined);
      await driver?.close();
      await fx?.teardown?.();
    }, TIMEOUT);

    it('reports a worker exiting non-zero as H10 with its dyno and release, once per crash', { timeout: TIMEOUT }, async () => {
      await driver.converge(state('h10', [proc({ command: 'sleep 1; exit 3' })]));
      const [dyno] = await driver.listDynos(target('h10'));
      await until('two H10 crashes', () => (crashesOf('h10').length >= 2 ? true : undefined));
      const crashes = crashesOf('h10');
      expect(crashes[0]).toMatchObject({
        kind: 'crashed',
        app: target('h10').app,
        space,
        code: 'H10',
        description: 'App crashed',
        dynos: [{ type: 'worker', dyno: dyno!.name }],
        release: { id: 'rel-h10-1', version: 1 },
      });
      expect(crashes.every((c) => c.code === 'H10')).toBe(true);
      expect(Number.isNaN(Date.parse(crashes[0]!.crashed_at))).toBe(false);
      // Each crash is one restart by the engine: one event per crash, no duplicates.
      const restarts = crashes.map((c) => c.restarts);
      expect(new Set(restarts).size).toBe(restarts.length);
      expect(new Set(crashes.map((c) => c.crashed_at)).size).toBe(crashes.length);
      await driver.removeApp(target('h10'));
    });

    it('reports a clean exit as H8', { timeout: TIMEOUT }, async () => {
      await driver.converge(state('h8', [proc({ command: 'sleep 1; exit 0' })]));
      const [dyno] = await driver.listDynos(target('h8'));
      const h8 = await until('H8', () => crashesOf('h8')[0]);
      expect(h8).toMatchObject({ code: 'H8', description: 'Premature exit', dynos: [{ type: 'worker', dyno: dyno!.name }] });
      await driver.removeApp(target('h8'));
    });

    it.runIf(caps.startFailure)('reports a command that cannot start as H9', { timeout: TIMEOUT }, async () => {
      await driver.converge(state('h9', [proc({ command: 'no-such-binary-slipway' })]));
      const h9 = await until('H9', () => crashesOf('h9')[0]);
      expect(h9).toMatchObject({ code: 'H9', description: 'App did not startup', dynos: [{ type: 'worker' }] });
      await driver.removeApp(target('h9'));
    });

    it.runIf(caps.oom)('reports a dyno allocating past its memory limit as R14', { timeout: TIMEOUT }, async () => {
      const hog = proc({ type: 'web', port: 5000, memory_bytes: 16 * 2 ** 20, command: `x=a; while true; do x=$x$x; done` });
      await driver.converge(state('r14', [hog]));
      const [dyno] = await driver.listDynos(target('r14'));
      const r14 = await until('R14', () => crashesOf('r14')[0]);
      expect(r14).toMatchObject({ code: 'R14', description: 'Memory quota exceeded', dynos: [{ type: 'web', dyno: dyno!.name }], space });
      expect(crashesOf('r14').every((c) => c.code === 'R14')).toBe(true);
      await driver.removeApp(target('r14'));
    });

    it('reports nothing for dynos the driver stops itself: rollout, scale down, restart, removeApp', { timeout: TIMEOUT }, async () => {
      const mine: RuntimeEvent[] = [];
      const own = await driver.watchEvents((e) => mine.push(e));
      // Workers ignore SIGTERM, so their stop ends in SIGKILL (137) after the grace period; the clock exits 1 on it.
      const stubborn = proc({ command: "trap '' TERM; while true; do sleep 1; done", quantity: 2 });
      const clock = proc({ type: 'clock', command: "trap 'exit 1' TERM; while true; do sleep 1; done" });
      const web = proc({ type: 'web', port: 5000, command: 'httpd -f -p 5000 -h /www' });
      await driver.converge(state('calm', [stubborn, clock, web]));
      await driver.converge(state('calm', [stubborn, clock, web], 2));
      await driver.converge(state('calm', [{ ...stubborn, quantity: 1 }, clock, web], 2));
      await driver.restart(target('calm'), { type: 'web' });
      await driver.restart(target('calm'), { type: 'clock' });
      expect((await driver.listDynos(target('calm'))).filter((d) => d.state !== 'stopping')).toHaveLength(3);
      await driver.removeApp(target('calm'));
      expect(await driver.listDynos(target('calm'))).toEqual([]);
      // Events arrive in order: once a later crash is in, every earlier exit has been delivered and judged.
      await driver.converge(state('sentinel', [proc({ command: 'exit 5' })]));
      await until('the sentinel crash', () => crashesOf('sentinel', mine)[0]);
      await own.close();
      expect(crashesOf('calm', mine)).toEqual([]);
      await driver.removeApp(target('sentinel'));
    });

    it('comes back after its engine stream drops and reports the crashes it missed meanwhile', { timeout: TIMEOUT }, async () => {
      const cut = await fx.cuttable();
      const seen: RuntimeEvent[] = [];
      const watched = await cut.driver.watchEvents((e) => seen.push(e));
      try {
        cut.cut();
        // The crash happens while the stream may still be down: the source must catch up after reconnecting.
        await driver.converge(state('recon', [proc({ command: 'sleep 1; exit 4' })]));
        const crash = await until('H10 after reconnect', () => crashesOf('recon', seen)[0]);
        expect(crash).toMatchObject({ code: 'H10', dynos: [{ type: 'worker' }] });
      } finally {
        await watched.close();
        await cut.close();
        await driver.removeApp(target('recon'));
      }
    });
  });
}

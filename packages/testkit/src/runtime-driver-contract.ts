import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import {
  ConflictError,
  DriverUnavailableError,
  NotFoundError,
  ValidationError,
  type AppTarget,
  type DesiredAppState,
  type DynoStatus,
  type LogLine,
  type NamedRef,
  type ProcessSpec,
  type RuntimeDriver,
} from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What a runtime driver supports; the contract runs the matching cases and skips none it claims. */
export interface RuntimeDriverCapabilities {
  /** HTTP health checks turn failing dynos into `probe-failure` and hold rollouts back. */
  healthChecks: boolean;
  /** `restart` replaces dynos one by one, keeping a ready web dyno at every moment. */
  rollingRestart: boolean;
  /** `logs` returns recent lines and can tail. */
  logs: boolean;
  /** Sizes become memory limits the process can observe in its cgroup. */
  memoryLimits: boolean;
  /** Apps of one space reach each other by app name on the space network. */
  networks: boolean;
  /** Web dynos report an `endpoint` the test process can reach over HTTP. */
  endpoints: boolean;
}

/** What the adapter's test hands the contract. */
export interface RuntimeDriverFixture {
  driver: RuntimeDriver;
  /**
   * An image the driver can run that has busybox applets on PATH (sh, httpd, echo, sleep, cat, wget, mkdir);
   * `busyboxRootfsTar()` makes one without a registry.
   */
  image: string;
  /** A driver pointed at an engine that does not answer, to check DriverUnavailableError. */
  unreachableDriver: RuntimeDriver;
  /** Called once after the suite, after the contract removed its apps and space. */
  teardown?: () => Promise<void>;
}

const TIMEOUT = 180_000;

function id(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

function httpGet(host: string, port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes, then fails with `what`. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 90_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function collect(iter: AsyncIterable<LogLine>, max = 10_000): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const l of iter) {
    out.push(l);
    if (out.length >= max) break;
  }
  return out;
}

/** A web process serving `$GREETING` at `/` and, when asked, its memory limit at `/mem` and `/health`. */
export const WEB_COMMAND =
  'mkdir -p /tmp/www && echo "$GREETING" > /tmp/www/index.html && ' +
  '(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes) > /tmp/www/mem; ' +
  'if [ -n "$HEALTHY" ]; then echo ok > /tmp/www/health; fi; exec httpd -f -p "$PORT" -h /tmp/www';

/**
 * The RuntimeDriver contract: every runtime driver runs it against a real engine. `setup` is called once;
 * the suite creates apps in one fresh space and removes them (and the space) afterwards.
 */
export function runtimeDriverContract(name: string, setup: () => Promise<RuntimeDriverFixture>, capabilities: RuntimeDriverCapabilities): void {
  describe(`RuntimeDriver contract: ${name}`, () => {
    let fx: RuntimeDriverFixture;
    const space: NamedRef = { id: id('space-'), name: id('ct') };
    const apps: AppTarget[] = [];

    const web = (over: Partial<ProcessSpec> = {}): ProcessSpec => ({
      type: 'web',
      quantity: 1,
      size: 'small',
      memory_bytes: 64 * 2 ** 20,
      command: WEB_COMMAND,
      port: 5000,
      healthcheck: null,
      ...over,
    });
    const worker = (over: Partial<ProcessSpec> = {}): ProcessSpec => ({
      type: 'worker',
      quantity: 1,
      size: 'small',
      memory_bytes: 32 * 2 ** 20,
      command: 'while true; do echo "tick $WORKER_NAME"; sleep 1; done',
      port: null,
      healthcheck: null,
      ...over,
    });
    const newApp = (prefix = 'app'): AppTarget => {
      const target = { app: { id: id('app-'), name: id(prefix) }, space };
      apps.push(target);
      return target;
    };
    const state = (target: AppTarget, processes: ProcessSpec[], env: Record<string, string> = {}, release = 1): DesiredAppState => ({
      ...target,
      release: { id: `${target.app.id}-r${release}`, version: release },
      image: fx.image,
      env: { GREETING: 'hello', WORKER_NAME: 'w', ...env },
      processes,
    });
    const ofType = (dynos: DynoStatus[], type: string) => dynos.filter((d) => d.type === type);
    const fetchWeb = async (d: DynoStatus, path = '/') => {
      expect(d.endpoint, 'web dynos report an endpoint').not.toBeNull();
      return httpGet(d.endpoint!.host, d.endpoint!.port, path);
    };

    beforeAll(async () => {
      fx = await setup();
      await fx.driver.ensureSpace(space);
    }, TIMEOUT);

    afterAll(async () => {
      if (!fx) return;
      for (const a of apps) await fx.driver.removeApp(a);
      await fx.driver.removeSpace(space);
      await fx.driver.close();
      await fx.teardown?.();
    }, TIMEOUT);

    it('converges web and worker dynos with env, PORT, command, size and release', { timeout: TIMEOUT }, async () => {
      const target = newApp();
      const result = await fx.driver.converge(state(target, [web({ quantity: 2 }), worker()], { GREETING: 'hi there' }));
      expect(result.started).toHaveLength(3);
      expect(result.not_ready).toEqual([]);
      const dynos = await fx.driver.listDynos(target);
      expect(ofType(dynos, 'web')).toHaveLength(2);
      expect(ofType(dynos, 'worker')).toHaveLength(1);
      for (const d of dynos) {
        expect(d).toMatchObject({ state: 'running', ready: true, additional_info: '', size: 'small', release: { id: `${target.app.id}-r1`, version: 1 } });
        expect(new Set(dynos.map((x) => x.name)).size).toBe(dynos.length);
        expect(d.created_at).toBeInstanceOf(Date);
      }
      expect(ofType(dynos, 'worker')[0].command).toContain('tick');
      if (capabilities.endpoints) {
        for (const d of ofType(dynos, 'web')) expect((await fetchWeb(d)).body.trim()).toBe('hi there');
      }
    });

    it('is idempotent: converging the same state again touches nothing', { timeout: TIMEOUT }, async () => {
      const target = newApp();
      const desired = state(target, [web(), worker()]);
      await fx.driver.converge(desired);
      const before = (await fx.driver.listDynos(target)).map((d) => d.id).sort();
      const again = await fx.driver.converge(desired);
      expect(again).toEqual({ started: [], removed: [], not_ready: [] });
      expect((await fx.driver.listDynos(target)).map((d) => d.id).sort()).toEqual(before);
    });

    it('scales one type without restarting another, and removes types left out', { timeout: TIMEOUT }, async () => {
      const target = newApp();
      await fx.driver.converge(state(target, [web(), worker()]));
      const webIds = ofType(await fx.driver.listDynos(target), 'web').map((d) => d.id);
      const up = await fx.driver.converge(state(target, [web(), worker({ quantity: 3 })]));
      expect(up.started).toHaveLength(2);
      let dynos = await fx.driver.listDynos(target);
      expect(ofType(dynos, 'worker')).toHaveLength(3);
      expect(ofType(dynos, 'web').map((d) => d.id)).toEqual(webIds);
      const down = await fx.driver.converge(state(target, [web(), worker({ quantity: 0 })]));
      expect(down.removed).toHaveLength(3);
      const gone = await fx.driver.converge(state(target, [web()]));
      expect(gone.removed).toEqual([]);
      dynos = await fx.driver.listDynos(target);
      expect(dynos.map((d) => d.type)).toEqual(['web']);
      expect(dynos[0].id).toBe(webIds[0]);
    });

    it('rolls changed dynos, keeping a ready web dyno at every observation', { timeout: TIMEOUT }, async () => {
      const target = newApp();
      await fx.driver.converge(state(target, [web()], { GREETING: 'v1' }, 1));
      const old = await fx.driver.listDynos(target);
      let converged = false;
      const observations: number[] = [];
      const rollout = fx.driver.converge(state(target, [web()], { GREETING: 'v2' }, 2)).finally(() => (converged = true));
      while (!converged) {
        const seen = await fx.driver.listDynos(target);
        observations.push(seen.filter((d) => d.type === 'web' && d.ready).length);
      }
      const result = await rollout;
      expect(observations.length).toBeGreaterThan(0);
      expect(Math.min(...observations)).toBeGreaterThanOrEqual(1);
      expect(result.removed).toEqual(old.map((d) => d.id));
      const now = await fx.driver.listDynos(target);
      expect(now).toHaveLength(1);
      expect(now[0].id).not.toBe(old[0].id);
      expect(now[0].release).toEqual({ id: `${target.app.id}-r2`, version: 2 });
      if (capabilities.endpoints) expect((await fetchWeb(now[0])).body.trim()).toBe('v2');
    });

    it('reports crashing and unstartable dynos in the API vocabulary', { timeout: TIMEOUT }, async () => {
      const target = newApp();
      const result = await fx.driver.converge(
        state(target, [web(), worker({ command: 'echo boom; exit 3' }), worker({ type: 'missing', command: 'exec /no/such/binary' })]),
      );
      expect(result.not_ready).toHaveLength(2);
      const crashed = await eventually('a crashed worker', async () => {
        const d = ofType(await fx.driver.listDynos(target), 'worker')[0];
        return d?.state === 'app-crashed' ? d : undefined;
      });
      expect(crashed.ready).toBe(false);
      expect(crashed.additional_info).toMatch(/3/);
      const failed = await eventually('a start failure', async () => {
        const d = ofType(await fx.driver.listDynos(target), 'missing')[0];
        return d?.state === 'start-failure' ? d : undefined;
      });
      expect(failed.ready).toBe(false);
      expect(failed.additional_info).not.toBe('');
      expect(ofType(await fx.driver.listDynos(target), 'web')[0]).toMatchObject({ state: 'running', ready: true });
    });

    it.runIf(capabilities.healthChecks)('holds a rollout back while the new dynos fail their health check', { timeout: TIMEOUT }, async () => {
      const target = newApp();
      await fx.driver.converge(state(target, [web({ healthcheck: '/health' })], { HEALTHY: '1', GREETING: 'good' }, 1));
      const [good] = await fx.driver.listDynos(target);
      expect(good).toMatchObject({ state: 'running', ready: true });
      const bad = await fx.driver.converge(state(target, [web({ healthcheck: '/health' })], { HEALTHY: '', GREETING: 'bad' }, 2));
      expect(bad.not_ready).toHaveLength(1);
      expect(bad.removed).toEqual([]);
      const failing = await eventually('a probe failure', async () => {
        const d = (await fx.driver.listDynos(target)).find((x) => x.id === bad.not_ready[0]);
        return d?.state === 'probe-failure' ? d : undefined;
      });
      expect(failing.ready).toBe(false);
      const still = (await fx.driver.listDynos(target)).find((d) => d.id === good.id);
      expect(still).toMatchObject({ state: 'running', ready: true });
      if (capabilities.endpoints) expect((await fetchWeb(still!)).body.trim()).toBe('good');
      const fixed = await fx.driver.converge(state(target, [web({ healthcheck: '/health' })], { HEALTHY: '1', GREETING: 'fixed' }, 3));
      expect(fixed.not_ready).toEqual([]);
      const after = await fx.driver.listDynos(target);
      expect(after.map((d) => d.release?.version)).toEqual([3]);
    });

    it.runIf(capabilities.rollingRestart)('restarts all, one type, or one dyno in a rolling fashion', { timeout: TIMEOUT }, async () => {
      const target = newApp();
      await fx.driver.converge(state(target, [web({ quantity: 2 }), worker()]));
      const before = await fx.driver.listDynos(target);
      let done = false;
      const observations: number[] = [];
      const restart = fx.driver.restart(target, { type: 'web' }).finally(() => (done = true));
      while (!done) observations.push((await fx.driver.listDynos(target)).filter((d) => d.type === 'web' && d.ready).length);
      await restart;
      expect(Math.min(...observations)).toBeGreaterThanOrEqual(1);
      const afterType = await fx.driver.listDynos(target);
      const oldWeb = new Set(ofType(before, 'web').map((d) => d.id));
      expect(ofType(afterType, 'web')).toHaveLength(2);
      expect(ofType(afterType, 'web').every((d) => !oldWeb.has(d.id) && d.ready)).toBe(true);
      expect(ofType(afterType, 'worker').map((d) => d.id)).toEqual(ofType(before, 'worker').map((d) => d.id));

      const one = ofType(afterType, 'web')[0];
      await fx.driver.restart(target, { dyno: one.name });
      const afterOne = await fx.driver.listDynos(target);
      expect(afterOne.map((d) => d.id)).not.toContain(one.id);
      expect(afterOne.map((d) => d.id)).toContain(ofType(afterType, 'web')[1].id);

      await fx.driver.restart(target);
      const afterAll = await fx.driver.listDynos(target);
      expect(afterAll).toHaveLength(3);
      expect(afterAll.some((d) => afterOne.map((x) => x.id).includes(d.id))).toBe(false);
      // A restart is not a change: converging the same state afterwards leaves the fresh dynos alone.
      expect((await fx.driver.converge(state(target, [web({ quantity: 2 }), worker()]))).started).toEqual([]);
      await expect(fx.driver.restart(target, { dyno: 'web.nosuch' })).rejects.toBeInstanceOf(NotFoundError);
    });

    it.runIf(capabilities.logs)('returns recent log lines across dynos and tails new ones', { timeout: TIMEOUT }, async () => {
      const target = newApp();
      await fx.driver.converge(state(target, [worker({ command: 'i=0; while true; do i=$((i+1)); echo "line $i from $WORKER_NAME"; sleep 0.5; done' })], { WORKER_NAME: 'w1' }));
      const recent = await eventually('five log lines', async () => {
        const lines = await collect(fx.driver.logs(target, { lines: 5 }));
        return lines.length === 5 ? lines : undefined;
      });
      expect(recent.every((l) => /^line \d+ from w1$/.test(l.text) && l.source.startsWith('worker'))).toBe(true);
      const numbers = recent.map((l) => Number(/line (\d+)/.exec(l.text)![1]));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      const ac = new AbortController();
      const tailed: LogLine[] = [];
      for await (const l of fx.driver.logs(target, { lines: 1, tail: true, signal: ac.signal })) {
        tailed.push(l);
        if (tailed.length === 4) ac.abort();
      }
      expect(tailed).toHaveLength(4);
      const tailNumbers = tailed.map((l) => Number(/line (\d+)/.exec(l.text)![1]));
      expect(tailNumbers[3]).toBeGreaterThan(tailNumbers[0]);
      expect(new Set(tailNumbers).size).toBe(4);
    });

    it.runIf(capabilities.memoryLimits && capabilities.endpoints)('applies the size memory limit', { timeout: TIMEOUT }, async () => {
      const target = newApp();
      await fx.driver.converge(state(target, [web({ memory_bytes: 96 * 2 ** 20 })]));
      const [d] = await fx.driver.listDynos(target);
      expect(Number((await fetchWeb(d, '/mem')).body.trim())).toBe(96 * 2 ** 20);
    });

    it.runIf(capabilities.networks && capabilities.logs)('lets apps of one space reach each other by name', { timeout: TIMEOUT }, async () => {
      const server = newApp('srv');
      const client = newApp('cli');
      await fx.driver.converge(state(server, [web()], { GREETING: 'from the server' }));
      await fx.driver.converge(
        state(client, [worker({ command: `while true; do wget -q -O - http://${server.app.name}:5000/ || echo failed; sleep 1; done` })]),
      );
      await eventually('the client to log the server greeting', async () => {
        const lines = await collect(fx.driver.logs(client, { lines: 20 }));
        return lines.some((l) => l.text === 'from the server') ? true : undefined;
      });
      await expect(fx.driver.removeSpace(space)).rejects.toBeInstanceOf(ConflictError);
    });

    it('removes an app completely and idempotently', { timeout: TIMEOUT }, async () => {
      const target = newApp();
      await fx.driver.converge(state(target, [web(), worker()]));
      await fx.driver.removeApp(target);
      expect(await fx.driver.listDynos(target)).toEqual([]);
      await fx.driver.removeApp(target);
      expect(await collect(fx.driver.logs(target, { lines: 10 }))).toEqual([]);
    });

    it('creates and removes space networks idempotently', { timeout: TIMEOUT }, async () => {
      const other: NamedRef = { id: id('space-'), name: id('ct') };
      await fx.driver.ensureSpace(other);
      await fx.driver.ensureSpace(other);
      await fx.driver.removeSpace(other);
      await fx.driver.removeSpace(other);
    });

    it('rejects an invalid desired state before touching anything', async () => {
      const target = newApp();
      await expect(fx.driver.converge(state(target, [web({ port: null })]))).rejects.toBeInstanceOf(ValidationError);
      expect(await fx.driver.listDynos(target)).toEqual([]);
    });

    it('reports an unreachable engine as DriverUnavailableError', async () => {
      const target = newApp();
      await expect(fx.unreachableDriver.listDynos(target)).rejects.toBeInstanceOf(DriverUnavailableError);
      await expect(fx.unreachableDriver.converge(state(target, [web()]))).rejects.toBeInstanceOf(DriverUnavailableError);
    });
  });
}

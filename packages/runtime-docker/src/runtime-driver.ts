import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import {
  currentSeries,
  ConflictError,
  mergeDynoLogs,
  NotFoundError,
  parseStampedLine,
  validateDesiredState,
  type DynoLogSource,
  type StampedLine,
  type AppTarget,
  type ConvergeResult,
  type DesiredAppState,
  type DynoStatus,
  type LogLine,
  type LogOptions,
  type MetricSeries,
  type MetricsRange,
  type NamedRef,
  type OneOffResult,
  type OneOffRun,
  type RestartOptions,
  type RuntimeDriver,
  type RuntimeEvent,
  type RuntimeEventSource,
  type RuntimeEventSubscription,
  type RuntimeMetrics,
} from '@slipway/core';
import { sampleFromStats, type DockerStats } from './container-metrics.js';
import { KeyedMutex, LogDemuxer, WatcherRegistry, pollUntil } from '@slipway/driver-kit';
import { connectDocker, type DockerConnectionOptions } from './connection.js';
import { CrashWatcher } from './crash-watcher.js';
import { containerOptions, dynoSpecs, specFromContainer, specHash, type ContainerShape, type DynoSpec } from './container-spec.js';
import { mapContainerState, type MappedState } from './dyno-state.js';
import { engine, engineStatus, toDomainError } from './errors.js';
import { LABEL, dockerSafe, networkName } from './labels.js';
import { StoppingContainers } from './stopping-containers.js';

/** Options of the Docker runtime driver. */
export interface DockerRuntimeOptions extends DockerConnectionOptions {
  /** Prefix of network names (`<prefix>-space-<space>`); default `slipway`. */
  prefix?: string;
  /** Host address web ports are published on; default 127.0.0.1 (a proxy on the same host fronts them). */
  publishHost?: string;
  /** How long converge and restart wait for a new dyno to be ready; default 60 s. */
  readyTimeoutMs?: number;
  /** Health check interval; default 5 s (tests use less). */
  healthIntervalMs?: number;
  /** Seconds a dyno gets between SIGTERM and SIGKILL when removed; default 10. */
  stopTimeoutSeconds?: number;
  /**
   * Whether a web dyno without a health check must also answer HTTP (any status) on its published port before
   * it counts as ready during rollouts; default true. Turn off when the controller cannot reach published ports.
   */
  httpReadiness?: boolean;
  /** Extra labels on everything the driver creates (e.g. to find a test run's leftovers). */
  labels?: Record<string, string>;
  /**
   * How long a new dyno that nothing probes (no health check, not a web dyno answering HTTP) must have been running
   * before a rollout counts it ready (like Kubernetes' minReadySeconds): a process that exits right after starting
   * must not pass for a healthy one; default 1 s.
   */
  minReadyMs?: number;
  /**
   * The same floor for a dyno whose health check passed or whose port answered HTTP: the probe already shows it
   * started and serves, so it waits only long enough to catch a crash on the first request; default 250 ms.
   */
  probedMinReadyMs?: number;
}

type Inspected = Docker.ContainerInspectInfo;

const TERMINAL_FAILURES = new Set(['app-crashed', 'start-failure', 'probe-failure']);

function suffix(): string {
  return randomBytes(4).readUInt32BE(0).toString(36).padStart(6, '0').slice(-6);
}

/** Whether something answers HTTP at host:port (any status): docker-proxy accepts TCP before the app listens. */
function httpAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/**
 * RuntimeDriver over the Docker Engine API: one container per dyno, one bridge network per space. Crashes come
 * from `watchEvents` (the engine's restart policy revives crashed dynos on its own).
 */
export class DockerRuntimeDriver implements RuntimeDriver, RuntimeEventSource, RuntimeMetrics {
  private readonly docker: Docker;
  private readonly prefix: string;
  private readonly publishHost: string;
  private readonly readyTimeoutMs: number;
  private readonly minReadyMs: number;
  private readonly probedMinReadyMs: number;
  private readonly healthIntervalMs: number;
  private readonly stopTimeout: number;
  private readonly httpReadiness: boolean;
  private readonly extraLabels: Record<string, string>;
  /** Serializes work per app inside this process; across controllers the core's per-app job key does it. */
  private readonly appLocks = new KeyedMutex();
  /** Containers this driver stops on purpose: their exits are not crashes. */
  private readonly stopping = new StoppingContainers();
  private readonly watchers = new WatcherRegistry<CrashWatcher>();

  constructor(options: DockerRuntimeOptions = {}) {
    this.docker = connectDocker(options);
    this.prefix = options.prefix ?? 'slipway';
    this.publishHost = options.publishHost ?? '127.0.0.1';
    this.readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
    this.healthIntervalMs = options.healthIntervalMs ?? 5_000;
    this.stopTimeout = options.stopTimeoutSeconds ?? 10;
    this.httpReadiness = options.httpReadiness ?? true;
    this.extraLabels = { ...options.labels };
    this.minReadyMs = options.minReadyMs ?? 1_000;
    this.probedMinReadyMs = Math.min(options.probedMinReadyMs ?? 250, this.minReadyMs);
  }

  private shape(space: NamedRef): ContainerShape {
    return { network: networkName(this.prefix, space), publishHost: this.publishHost, healthIntervalMs: this.healthIntervalMs, extraLabels: this.extraLabels };
  }

  private async appContainers(appId: string): Promise<Inspected[]> {
    const list = await engine('listing containers', () =>
      this.docker.listContainers({ all: true, filters: { label: [`${LABEL.appId}=${appId}`] } }),
    );
    const inspected = await Promise.all(
      list.map(async (c) => {
        try {
          return await this.docker.getContainer(c.Id).inspect();
        } catch (err) {
          if (engineStatus(err) === 404) return null; // removed meanwhile
          throw toDomainError(err, 'inspecting a container');
        }
      }),
    );
    return inspected.filter((c): c is Inspected => c !== null);
  }

  private stateOf(info: Inspected): MappedState {
    return mapContainerState(info.State as unknown as Parameters<typeof mapContainerState>[0], info.RestartCount ?? 0);
  }

  private endpointOf(info: Inspected): { host: string; port: number } | null {
    const port = info.Config.Labels?.[LABEL.port];
    const binding = port ? info.NetworkSettings.Ports?.[`${port}/tcp`]?.[0] : undefined;
    if (!binding?.HostPort) return null;
    const host = binding.HostIp && binding.HostIp !== '0.0.0.0' && binding.HostIp !== '::' ? binding.HostIp : '127.0.0.1';
    return { host, port: Number(binding.HostPort) };
  }

  /**
   * Ready for rollout purposes: the dyno's own state says ready, (web) its port answers HTTP, and it has been up its
   * minimum uptime: short when a probe vouches for it, longer when nothing does. A number: not yet, only because the
   * minimum uptime is not over, which it is in that many ms.
   */
  private async rolloutReady(info: Inspected): Promise<boolean | number> {
    if (!this.stateOf(info).ready) return false;
    const l = info.Config.Labels ?? {};
    const healthChecked = !!l[LABEL.healthcheck];
    const httpProbed = this.httpReadiness && !healthChecked && l[LABEL.type] === 'web';
    const startedAt = Date.parse(info.State.StartedAt);
    const floor = healthChecked || httpProbed ? this.probedMinReadyMs : this.minReadyMs;
    const left = Number.isFinite(startedAt) ? startedAt + floor - Date.now() : 0;
    // A probe must pass too (even once the floor is over); an unprobed dyno only waits out its floor.
    if (left > 0 && !httpProbed) return left;
    if (httpProbed) {
      const ep = this.endpointOf(info);
      if (ep && !(await httpAnswers(ep.host, ep.port))) return false;
    }
    return left > 0 ? Math.max(1, startedAt + floor - Date.now()) : true;
  }

  /** Waits until each container is ready, definitely failing, or the timeout passes; returns the ready ids. */
  private async waitReady(ids: string[]): Promise<Set<string>> {
    const ready = new Set<string>();
    const pending = new Set(ids);
    await pollUntil(async () => {
      // Dynos only waiting out their minimum uptime are looked at again the moment it ends, not at the next tick.
      let soonest = Infinity;
      for (const id of [...pending]) {
        let info: Inspected;
        try {
          info = await this.docker.getContainer(id).inspect();
        } catch (err) {
          if (engineStatus(err) === 404) {
            pending.delete(id);
            continue;
          }
          throw toDomainError(err, 'inspecting a container');
        }
        const mapped = this.stateOf(info);
        const verdict = await this.rolloutReady(info);
        if (verdict === true) {
          ready.add(id);
          pending.delete(id);
        } else if (typeof verdict === 'number') {
          soonest = Math.min(soonest, verdict);
        } else if (TERMINAL_FAILURES.has(mapped.state)) {
          pending.delete(id);
        }
      }
      return pending.size === 0 || (Number.isFinite(soonest) ? soonest + 5 : false);
    }, { timeoutMs: this.readyTimeoutMs, intervalMs: 250 });
    return ready;
  }

  private async createDyno(spec: DynoSpec, shape: ContainerShape, keepHash?: string): Promise<string> {
    const dyno = `${spec.process.type}.${suffix()}`;
    const opts = containerOptions(spec, shape, dyno);
    if (keepHash) opts.Labels![LABEL.specHash] = keepHash;
    const container = await engine(`creating dyno ${dyno}`, () => this.docker.createContainer(opts));
    try {
      await container.start();
    } catch (err) {
      // A start error (e.g. missing executable) stays visible as a start-failure dyno rather than failing converge.
      if (engineStatus(err) === undefined) throw toDomainError(err, `starting dyno ${dyno}`);
      this.startFailed(container.id);
    }
    return container.id;
  }

  /** No `die` event follows a refused start, so watchers hear of it from here. */
  private startFailed(id: string): void {
    for (const w of this.watchers) w.reportStartFailure(id);
  }

  private async removeContainers(ids: string[]): Promise<void> {
    this.stopping.begin(ids);
    try {
      await this.stopAndRemove(ids);
    } finally {
      this.stopping.end(ids);
    }
  }

  private async stopAndRemove(ids: string[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const c = this.docker.getContainer(id);
        try {
          await c.stop({ t: this.stopTimeout });
        } catch (err) {
          const status = engineStatus(err);
          if (status !== 304 && status !== 404 && status !== 409) throw toDomainError(err, 'stopping a dyno');
        }
        try {
          await c.remove({ force: true, v: true });
        } catch (err) {
          const status = engineStatus(err);
          if (status !== 404 && status !== 409) throw toDomainError(err, 'removing a dyno');
        }
      }),
    );
  }

  async converge(state: DesiredAppState): Promise<ConvergeResult> {
    validateDesiredState(state);
    return this.appLocks.run(state.app.id, async () => {
      await this.ensureSpace(state.space);
      const shape = this.shape(state.space);
      const result: ConvergeResult = { started: [], removed: [], not_ready: [] };
      const existing = await this.appContainers(state.app.id);
      const wanted = new Set(state.processes.map((p) => p.type));
      const gone = existing.filter((c) => !wanted.has(c.Config.Labels?.[LABEL.type] ?? ''));
      await this.removeContainers(gone.map((c) => c.Id));
      result.removed.push(...gone.map((c) => c.Id));

      await Promise.all(
        dynoSpecs(state).map(async (spec) => {
          const hash = specHash(spec, shape);
          const ofType = existing.filter((c) => c.Config.Labels?.[LABEL.type] === spec.process.type);
          const healthy = (c: Inspected) => !['dead', 'removing'].includes(c.State.Status);
          const matching = ofType.filter((c) => c.Config.Labels?.[LABEL.specHash] === hash && healthy(c));
          let stale = ofType.filter((c) => !matching.includes(c));
          // Trim surplus matching dynos, least useful first (not ready, then newest).
          const ranked = [...matching].sort((a, b) => Number(this.stateOf(b).ready) - Number(this.stateOf(a).ready) || a.Created.localeCompare(b.Created));
          const keep = ranked.slice(0, spec.quantity);
          const surplus = ranked.slice(spec.quantity);
          // Repair, never restart: a matching dyno that is merely stopped is started again.
          const revived: string[] = [];
          for (const c of keep) {
            if (c.State.Status === 'created' || (c.State.Status === 'exited' && !c.State.Restarting)) {
              await this.docker
                .getContainer(c.Id)
                .start()
                .catch((err) => {
                  if (engineStatus(err) !== undefined && engineStatus(err) !== 304) this.startFailed(c.Id);
                });
              revived.push(c.Id);
            }
          }
          // Side by side: each dyno's create and start are engine round trips of their own.
          const created = await Promise.all(Array.from({ length: Math.max(0, spec.quantity - keep.length) }, () => this.createDyno(spec, shape)));
          result.started.push(...created);
          await this.removeContainers(surplus.map((c) => c.Id));
          result.removed.push(...surplus.map((c) => c.Id));

          const fresh = [...created, ...revived];
          const ready = fresh.length || stale.length ? await this.waitReady([...keep.map((c) => c.Id), ...created]) : new Set<string>();
          result.not_ready.push(...fresh.filter((id) => !ready.has(id)));
          if (stale.length) {
            // Old dynos keep serving until enough new ones are ready; ready old ones are the last to go.
            const stillNeeded = Math.max(0, spec.quantity - ready.size);
            stale = [...stale].sort((a, b) => Number(this.stateOf(a).ready) - Number(this.stateOf(b).ready));
            const toRemove = stale.slice(0, Math.max(0, stale.length - stillNeeded));
            await this.removeContainers(toRemove.map((c) => c.Id));
            result.removed.push(...toRemove.map((c) => c.Id));
          }
        }),
      );
      return result;
    });
  }

  async listDynos(target: AppTarget): Promise<DynoStatus[]> {
    const containers = await this.appContainers(target.app.id);
    return containers
      .map((info) => {
        const l = info.Config.Labels ?? {};
        const mapped = this.stateOf(info);
        const command = l[LABEL.command] || [...(info.Config.Entrypoint ?? []), ...(info.Config.Cmd ?? [])].join(' ');
        const finished = info.State.FinishedAt && !info.State.FinishedAt.startsWith('0001') ? info.State.FinishedAt : '';
        const times = [info.Created, info.State.StartedAt, finished].filter((t) => t && !t.startsWith('0001')).sort();
        return {
          id: info.Id,
          name: l[LABEL.dyno] ?? info.Name.replace(/^\//, ''),
          type: l[LABEL.type] ?? 'unknown',
          ...mapped,
          command,
          size: l[LABEL.size] ?? '',
          release: l[LABEL.releaseId] ? { id: l[LABEL.releaseId], version: Number(l[LABEL.releaseVersion]) } : null,
          endpoint: this.endpointOf(info),
          created_at: new Date(info.Created),
          updated_at: new Date(times.at(-1) ?? info.Created),
        } satisfies DynoStatus;
      })
      .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  }

  async restart(target: AppTarget, options: RestartOptions = {}): Promise<void> {
    return this.appLocks.run(target.app.id, async () => {
      const all = await this.appContainers(target.app.id);
      let targets = all;
      if (options.type) targets = targets.filter((c) => c.Config.Labels?.[LABEL.type] === options.type);
      if (options.dyno) {
        targets = targets.filter((c) => c.Id === options.dyno || c.Id.startsWith(options.dyno!) || c.Config.Labels?.[LABEL.dyno] === options.dyno);
        if (!targets.length) throw new NotFoundError(`dyno ${options.dyno} not found`, 'dyno');
      }
      for (const old of targets) {
        const spec = specFromContainer(old);
        const wasReady = (await this.rolloutReady(old)) === true;
        const fresh = await this.createDyno(spec, this.shape(spec.space), old.Config.Labels?.[LABEL.specHash]);
        const ready = await this.waitReady([fresh]);
        if (!ready.has(fresh) && wasReady) {
          // The replacement failed while the old dyno was serving: keep serving with the old one.
          await this.removeContainers([fresh]);
          continue;
        }
        await this.removeContainers([old.Id]);
      }
    });
  }

  async *logs(target: AppTarget, options: LogOptions = {}): AsyncIterable<LogLine> {
    const lines = options.lines ?? 100;
    const startedAt = Date.now();
    let containers = await this.appContainers(target.app.id);
    if (options.type) containers = containers.filter((c) => c.Config.Labels?.[LABEL.type] === options.type);
    yield* mergeDynoLogs(
      containers.map((c) => this.dynoLog(c, lines, startedAt)),
      options,
    );
  }

  /** One container's log: recent lines, then a follow stream resumed at a whole second (repeats are dropped). */
  private dynoLog(c: Inspected, lines: number, startedAt: number): DynoLogSource {
    const name = c.Config.Labels?.[LABEL.dyno] ?? c.Name.replace(/^\//, '');
    const parse = (raws: string[]) => raws.map((r) => parseStampedLine(r, name)).filter((x): x is StampedLine => x !== null);
    return {
      history: async () => {
        const buf = await engine('reading logs', () =>
          this.docker.getContainer(c.Id).logs({ stdout: true, stderr: true, timestamps: true, tail: lines, follow: false }),
        ).catch((err) => {
          if ((err as { code?: string }).code === 'not_found') return Buffer.alloc(0);
          throw err;
        });
        const demux = new LogDemuxer();
        return parse([...demux.push(Buffer.from(buf as unknown as Buffer)), ...demux.flush()]);
      },
      follow: async (after, push, end) => {
        const since = Math.floor((after ? after.line.at.getTime() : startedAt) / 1000);
        const stream = (await engine('following logs', () =>
          this.docker.getContainer(c.Id).logs({ stdout: true, stderr: true, timestamps: true, follow: true, since }),
        )) as unknown as Readable;
        const demux = new LogDemuxer();
        const take = (raws: string[]) => parse(raws).forEach(push);
        stream.on('data', (chunk: Buffer) => take(demux.push(chunk)));
        stream.on('end', () => {
          take(demux.flush());
          end();
        });
        stream.on('error', end);
        return () => stream.destroy();
      },
    };
  }

  /** One-shot stats (`stream=false`) of the app's running dynos, averaged into the current bucket (no history). */
  async metrics(target: AppTarget, range: MetricsRange): Promise<MetricSeries> {
    const now = new Date();
    const running = (await this.appContainers(target.app.id)).filter((c) => c.State?.Running);
    const samples = await Promise.all(
      running.map(async (c) => {
        const container = this.docker.getContainer(c.Id);
        const stats = (await engine('reading container stats', () => container.stats({ stream: false }))) as unknown as DockerStats;
        // dockerode's types lack inspect's `size` flag; the engine answers SizeRw with it.
        const inspectSized = container.inspect as unknown as (o: { size: boolean }) => Promise<{ SizeRw?: number }>;
        const sized = await inspectSized.call(container, { size: true }).catch(() => ({}));
        return sampleFromStats(stats, sized);
      }),
    );
    return currentSeries(samples, range, now);
  }

  /**
   * Runs a one-off container of the image on the space's network (with a TTY, so its output is one plain stream),
   * waits for it to exit, keeps the tail of its output and removes it. It carries no `managed` or `app.id` label:
   * dyno listings, converge and the crash watcher never see it.
   */
  async runOnce(run: OneOffRun): Promise<OneOffResult> {
    await this.ensureSpace(run.space);
    const shape = this.shape(run.space);
    const container = await engine('creating a one-off process', () =>
      this.docker.createContainer({
        name: dockerSafe(`${run.space.name}.${run.app.name}.run.${suffix()}`),
        Image: run.image,
        Entrypoint: ['/bin/sh', '-c'],
        Cmd: [run.command],
        Env: Object.entries(run.env).filter(([k]) => k !== 'PORT').map(([k, v]) => `${k}=${v}`),
        Tty: true,
        Labels: { ...shape.extraLabels, [LABEL.oneOffApp]: run.app.id, [LABEL.appName]: run.app.name, [LABEL.spaceName]: run.space.name },
        HostConfig: { Init: true, NetworkMode: shape.network },
      }),
    );
    const timer = setTimeout(() => void container.kill().catch(() => undefined), run.timeoutMs ?? 10 * 60_000);
    try {
      await engine('starting a one-off process', () => container.start());
      const ended = (await engine('waiting for a one-off process', () => container.wait())) as { StatusCode?: number };
      const raw = (await engine('reading one-off output', () => container.logs({ stdout: true, stderr: true, follow: false }))) as unknown as Buffer;
      // NUL cannot be stored (PostgreSQL text and jsonb refuse it); it carries nothing a reader needs.
      const text = (Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw)).replace(/\u0000/g, '');
      return { exit_code: ended.StatusCode ?? -1, output: text.length > 65_536 ? text.slice(-65_536) : text };
    } finally {
      clearTimeout(timer);
      await container.remove({ force: true, v: true }).catch(() => undefined);
    }
  }

  async removeApp(target: AppTarget): Promise<void> {
    return this.appLocks.run(target.app.id, async () => {
      const containers = await this.appContainers(target.app.id);
      await this.removeContainers(containers.map((c) => c.Id));
    });
  }

  private async findNetwork(space: NamedRef): Promise<Docker.NetworkInspectInfo | null> {
    const nets = await engine('listing networks', () => this.docker.listNetworks({ filters: { label: [`${LABEL.spaceId}=${space.id}`] } }));
    return nets[0] ?? null;
  }

  async ensureSpace(space: NamedRef): Promise<void> {
    if (await this.findNetwork(space)) return;
    try {
      await this.docker.createNetwork({
        Name: networkName(this.prefix, space),
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { ...this.extraLabels, [LABEL.managed]: 'true', [LABEL.spaceId]: space.id, [LABEL.spaceName]: space.name },
      });
    } catch (err) {
      // Another converge created it first: that is the state we wanted.
      if (engineStatus(err) === 409 && (await this.findNetwork(space))) return;
      throw toDomainError(err, `creating the network of space ${space.name}`);
    }
  }

  async removeSpace(space: NamedRef): Promise<void> {
    const net = await this.findNetwork(space);
    if (!net) return;
    const info = await engine('inspecting a network', () => this.docker.getNetwork(net.Id).inspect());
    if (Object.keys(info.Containers ?? {}).length) {
      throw new ConflictError(`space ${space.name} still has running dynos`, 'space');
    }
    try {
      await this.docker.getNetwork(net.Id).remove();
    } catch (err) {
      if (engineStatus(err) === 404) return;
      if (engineStatus(err) === 403 || engineStatus(err) === 409) throw new ConflictError(`space ${space.name} still has running dynos`, 'space');
      throw toDomainError(err, `removing the network of space ${space.name}`);
    }
  }

  /**
   * Reports dyno crashes (`crashed`: R14 out of memory, H9 never started, H8 clean exit, H10 other exits, H0
   * unknown) from the engine's events. Exits the driver asks for (rollouts, scale down, restart, removeApp) are
   * not crashes. It never emits `released`: the core announces that itself once a deploy's converge finished.
   * Resolves once subscribed; only exits after that are reported.
   */
  async watchEvents(onEvent: (event: RuntimeEvent) => void): Promise<RuntimeEventSubscription> {
    return this.watchers.add(new CrashWatcher(this.docker, { isStopping: (id) => this.stopping.has(id), onEvent }), (w) => w.start());
  }

  async close(): Promise<void> {
    await this.appLocks.idle();
    await this.watchers.closeAll();
  }
}

/** Creates the Docker RuntimeDriver; the host passes it to the platform as its runtime. */
export function dockerRuntime(options: DockerRuntimeOptions = {}): DockerRuntimeDriver {
  return new DockerRuntimeDriver(options);
}

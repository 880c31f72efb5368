import { systemClock } from '@slipway/core';
import { canonicalJson } from '@slipway/driver-kit';
import { ImagePullError, StartError, type ContainerBackend, type ContainerUsage, type LogRecord, type ProbeTarget } from './backend.js';
import { NODE_NAME } from './controllers.js';
import { nowTimestamp, type KubeObject } from './objects.js';
import type { Registry } from './registry.js';
import { resource } from './resources.js';
import { matchesSelectorObject } from './selectors.js';
import { badRequest, KubeApiError } from './status.js';
import type { StoreEvent } from './store.js';

const PODS = resource('pods');

/** Kubelet timing knobs; defaults are shorter than a real node's so tests stay quick. */
export interface KubeletOptions {
  /** How often a pod's container is inspected; default 200 ms. */
  tickMs?: number;
  /** First crash-loop back-off (doubles per crash); default 1000 ms (a real kubelet starts at 10 s). */
  crashBackoffMs?: number;
  /** Back-off ceiling; default 8000 ms (a real kubelet: 5 min). */
  maxCrashBackoffMs?: number;
}

type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; reason: string; message?: string; startedAt?: string; finishedAt?: string; containerID?: string } };

interface Probe {
  httpGet?: { path?: string; port: number | string };
  tcpSocket?: { port: number | string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, m: 1e-3 };

/** Parses a resource quantity (`64Mi`, `1G`, `134217728`) into a number. */
export function parseQuantity(q: string | number | undefined): number | null {
  if (q === undefined) return null;
  if (typeof q === 'number') return q;
  const m = /^([0-9.]+)([KMGT]i|[kMGTm])?$/.exec(q.trim());
  if (!m) return null;
  const unit = m[2] ?? '';
  return Math.round(Number(m[1]) * (BINARY[unit] ?? DECIMAL[unit] ?? 1));
}

function condition(prev: Array<Record<string, string>> | undefined, type: string, ok: boolean): Record<string, string> {
  const status = ok ? 'True' : 'False';
  const before = prev?.find((c) => c.type === type);
  return { type, status, lastTransitionTime: before && before.status === status ? before.lastTransitionTime : nowTimestamp() };
}

class PodWorker {
  private readonly abort = new AbortController();
  private containerId = '';
  private previousId = '';
  private attempt = 0;
  private restartCount = 0;
  private crashes = 0;
  private backoffUntil = 0;
  private state: ContainerState = { waiting: { reason: 'ContainerCreating' } };
  private lastState: ContainerState | Record<string, never> = {};
  private ready = false;
  private started = false;
  private everRan = false;
  private startTime = '';
  private ip = '';
  private containerStartedAt = 0;
  private readiness = { ok: 0, fail: 0, next: 0 };
  private liveness = { fail: 0, next: 0 };
  private imageFailures = 0;

  constructor(
    private readonly kubelet: Kubelet,
    private readonly ns: string,
    private readonly name: string,
    private readonly uid: string,
  ) {}

  get currentContainer(): string {
    return this.containerId;
  }

  get previousContainer(): string {
    return this.previousId;
  }

  get waitingReason(): string | null {
    return 'waiting' in this.state ? this.state.waiting.reason : null;
  }

  start(): void {
    void this.loop().catch(() => undefined);
  }

  stop(): void {
    this.abort.abort();
  }

  private pod(): KubeObject | undefined {
    const p = this.kubelet.registry.store.get('pods', this.ns, this.name);
    return p && p.metadata.uid === this.uid ? p : undefined;
  }

  private async loop(): Promise<void> {
    const { options } = this.kubelet;
    while (!this.abort.signal.aborted) {
      const pod = this.pod();
      if (!pod) {
        await this.killContainers(0);
        return;
      }
      if (pod.metadata.deletionTimestamp) {
        await this.killContainers(pod.metadata.deletionGracePeriodSeconds ?? 30);
        this.kubelet.registry.removeNow('pods', this.ns, this.name);
        this.kubelet.forget(this.uid);
        return;
      }
      const spec = pod.spec.containers[0] as Record<string, unknown>;
      try {
        if (!this.containerId) await this.startContainer(pod, spec);
        else await this.watchContainer(spec);
      } catch {
        // The backend hiccuped (engine busy); try again next tick like a kubelet's sync loop would.
        if (this.abort.signal.aborted) return;
      }
      this.publish(pod, spec);
      await systemClock.sleep(options.tickMs, this.abort.signal);
    }
  }

  private async killContainers(grace: number): Promise<void> {
    const { backend } = this.kubelet;
    for (const id of [this.containerId, this.previousId]) {
      if (!id) continue;
      await backend.stop(id, grace).catch(() => undefined);
      await backend.remove(id).catch(() => undefined);
    }
    this.containerId = '';
    this.previousId = '';
  }

  private resolveEnv(pod: KubeObject, spec: Record<string, unknown>): Record<string, string> {
    const env: Record<string, string> = {};
    const secret = (name: string) => {
      const s = this.kubelet.registry.store.get('secrets', this.ns, name);
      if (!s) throw new KubeApiError(0, 'CreateContainerConfigError', `secret "${name}" not found`);
      return Object.fromEntries(Object.entries((s.data as Record<string, string>) ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    };
    for (const from of (spec.envFrom as Array<{ secretRef?: { name: string; optional?: boolean }; prefix?: string }> | undefined) ?? []) {
      if (!from.secretRef) continue;
      try {
        for (const [k, v] of Object.entries(secret(from.secretRef.name))) env[`${from.prefix ?? ''}${k}`] = v;
      } catch (err) {
        if (!from.secretRef.optional) throw err;
      }
    }
    for (const e of (spec.env as Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } } }> | undefined) ?? []) {
      if (e.valueFrom?.secretKeyRef) {
        const v = secret(e.valueFrom.secretKeyRef.name)[e.valueFrom.secretKeyRef.key];
        if (v === undefined) throw new KubeApiError(0, 'CreateContainerConfigError', `couldn't find key ${e.valueFrom.secretKeyRef.key} in Secret ${this.ns}/${e.valueFrom.secretKeyRef.name}`);
        env[e.name] = v;
      } else if (e.valueFrom?.fieldRef) {
        const path = e.valueFrom.fieldRef.fieldPath;
        env[e.name] = path === 'metadata.name' ? pod.metadata.name : path === 'metadata.namespace' ? this.ns : path === 'metadata.uid' ? this.uid : '';
      } else env[e.name] = e.value ?? '';
    }
    return env;
  }

  private aliases(pod: KubeObject): string[] {
    return this.kubelet.registry.store
      .list('services', this.ns)
      .filter((s) => s.spec?.selector && Object.keys(s.spec.selector).length && matchesSelectorObject({ matchLabels: s.spec.selector }, pod.metadata.labels))
      .map((s) => s.metadata.name);
  }

  private async startContainer(pod: KubeObject, spec: Record<string, unknown>): Promise<void> {
    const { backend, options } = this.kubelet;
    if (Date.now() < this.backoffUntil) return;
    const image = String(spec.image);
    try {
      await backend.ensureImage(image);
      this.imageFailures = 0;
    } catch (err) {
      if (!(err instanceof ImagePullError)) throw err;
      this.imageFailures++;
      this.state = { waiting: { reason: this.imageFailures > 1 ? 'ImagePullBackOff' : 'ErrImagePull', message: this.imageFailures > 1 ? `Back-off pulling image "${image}"` : err.message } };
      this.backoffUntil = Date.now() + Math.min(options.crashBackoffMs * 2 ** (this.imageFailures - 1), options.maxCrashBackoffMs);
      return;
    }
    let env: Record<string, string>;
    try {
      env = this.resolveEnv(pod, spec);
    } catch (err) {
      if (!(err instanceof KubeApiError)) throw err;
      this.state = { waiting: { reason: 'CreateContainerConfigError', message: err.message } };
      this.backoffUntil = Date.now() + options.crashBackoffMs;
      return;
    }
    const limits = ((spec.resources as { limits?: Record<string, string> } | undefined)?.limits ?? {}) as Record<string, string>;
    try {
      const id = await backend.run({
        namespace: this.ns,
        pod: this.name,
        podUid: this.uid,
        container: String(spec.name),
        attempt: this.attempt++,
        image,
        ...(spec.command ? { command: spec.command as string[] } : {}),
        ...(spec.args ? { args: spec.args as string[] } : {}),
        env,
        memoryBytes: parseQuantity(limits.memory),
        aliases: this.aliases(pod),
      });
      if (this.previousId) await backend.remove(this.previousId).catch(() => undefined);
      this.previousId = this.containerId;
      this.containerId = id;
      const info = await backend.inspect(id);
      this.ip = info?.ip || this.ip;
      const startedAt = nowTimestamp(info?.startedAt ? new Date(info.startedAt) : new Date());
      this.state = { running: { startedAt } };
      this.containerStartedAt = Date.now();
      this.startTime ||= nowTimestamp();
      this.everRan = true;
      this.started = true;
      this.ready = false;
      this.readiness = { ok: 0, fail: 0, next: 0 };
      this.liveness = { fail: 0, next: 0 };
    } catch (err) {
      if (!(err instanceof StartError)) throw err;
      this.onExit({ exitCode: 128, reason: 'StartError', message: err.message, finishedAt: nowTimestamp() });
    }
  }

  private onExit(t: { exitCode: number; reason: string; message?: string; startedAt?: string; finishedAt?: string }): void {
    const { options } = this.kubelet;
    this.lastState = { terminated: { ...t, ...(this.containerId ? { containerID: `docker://${this.containerId}` } : {}) } };
    this.ready = false;
    this.started = false;
    this.restartCount++;
    this.crashes++;
    const delay = Math.min(options.crashBackoffMs * 2 ** (this.crashes - 1), options.maxCrashBackoffMs);
    this.backoffUntil = Date.now() + delay;
    this.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${Math.ceil(delay / 1000)}s restarting failed container=app pod=${this.name}_${this.ns}(${this.uid})` } };
    if (this.containerId) {
      // Keep the dead container for `previous` logs; the one before it goes.
      if (this.previousId) void this.kubelet.backend.remove(this.previousId).catch(() => undefined);
      this.previousId = this.containerId;
      this.containerId = '';
    }
  }

  private target(p: Probe): ProbeTarget | null {
    if (p.httpGet) return { kind: 'http', port: Number(p.httpGet.port), path: p.httpGet.path ?? '/' };
    if (p.tcpSocket) return { kind: 'tcp', port: Number(p.tcpSocket.port) };
    return null;
  }

  private async watchContainer(spec: Record<string, unknown>): Promise<void> {
    const { backend } = this.kubelet;
    const info = await backend.inspect(this.containerId);
    if (!info || !info.running) {
      const exitCode = info?.exitCode ?? 137;
      const reason = info?.oomKilled ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
      this.onExit({
        exitCode,
        reason,
        startedAt: 'running' in this.state ? this.state.running.startedAt : undefined,
        finishedAt: nowTimestamp(info?.finishedAt && !info.finishedAt.startsWith('0001') ? new Date(info.finishedAt) : new Date()),
      });
      return;
    }
    if (Date.now() - this.containerStartedAt > 10 * 60_000) this.crashes = 0;
    this.ip = info.ip || this.ip;
    const now = Date.now();
    const readiness = spec.readinessProbe as Probe | undefined;
    if (!readiness) this.ready = true;
    else {
      const t = this.target(readiness);
      if (t && now >= this.readiness.next && now - this.containerStartedAt >= (readiness.initialDelaySeconds ?? 0) * 1000) {
        this.readiness.next = now + (readiness.periodSeconds ?? 10) * 1000;
        const ok = await backend.probe(this.containerId, this.ip, t, (readiness.timeoutSeconds ?? 1) * 1000);
        if (ok) {
          this.readiness.fail = 0;
          if (++this.readiness.ok >= (readiness.successThreshold ?? 1)) this.ready = true;
        } else {
          this.readiness.ok = 0;
          if (++this.readiness.fail >= (readiness.failureThreshold ?? 3)) this.ready = false;
        }
      }
    }
    const liveness = spec.livenessProbe as Probe | undefined;
    if (liveness) {
      const t = this.target(liveness);
      if (t && now >= this.liveness.next && now - this.containerStartedAt >= (liveness.initialDelaySeconds ?? 0) * 1000) {
        this.liveness.next = now + (liveness.periodSeconds ?? 10) * 1000;
        const ok = await backend.probe(this.containerId, this.ip, t, (liveness.timeoutSeconds ?? 1) * 1000);
        this.liveness.fail = ok ? 0 : this.liveness.fail + 1;
        if (this.liveness.fail >= (liveness.failureThreshold ?? 3)) {
          // Liveness failure: the kubelet kills the container and the restart policy brings it back.
          await backend.stop(this.containerId, 1);
          this.liveness.fail = 0;
        }
      }
    }
  }

  private publish(pod: KubeObject, spec: Record<string, unknown>): void {
    const prev = pod.status?.conditions as Array<Record<string, string>> | undefined;
    const containerStatus = {
      name: String(spec.name),
      image: String(spec.image),
      imageID: '',
      ...(this.containerId ? { containerID: `docker://${this.containerId}` } : {}),
      ready: this.ready,
      started: this.started,
      restartCount: this.restartCount,
      state: this.state,
      lastState: this.lastState,
    };
    const status = {
      phase: this.everRan ? 'Running' : 'Pending',
      conditions: [
        condition(prev, 'PodReadyToStartContainers', true),
        condition(prev, 'Initialized', true),
        condition(prev, 'Ready', this.ready),
        condition(prev, 'ContainersReady', this.ready),
        condition(prev, 'PodScheduled', true),
      ],
      hostIP: '127.0.0.1',
      hostIPs: [{ ip: '127.0.0.1' }],
      ...(this.ip ? { podIP: this.ip, podIPs: [{ ip: this.ip }] } : {}),
      ...(this.startTime ? { startTime: this.startTime } : {}),
      containerStatuses: [containerStatus],
      qosClass: pod.status?.qosClass ?? 'BestEffort',
    };
    if (canonicalJson(status) === canonicalJson(pod.status ?? {})) return;
    try {
      this.kubelet.registry.update(PODS, this.ns, this.name, { ...pod, status }, 'status');
    } catch (err) {
      if (!(err instanceof KubeApiError)) throw err;
    }
  }
}

/**
 * The fake's one node: runs every pod bound to it through a container backend, restarts crashed containers with
 * back-off (CrashLoopBackOff), runs readiness and liveness probes, reports pod status and serves pod logs, and
 * finishes graceful deletions by removing the pod object once its container stopped.
 */
export class Kubelet {
  readonly options: Required<KubeletOptions>;
  private readonly workers = new Map<string, PodWorker>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly registry: Registry,
    readonly backend: ContainerBackend,
    options: KubeletOptions = {},
  ) {
    this.options = { tickMs: options.tickMs ?? 200, crashBackoffMs: options.crashBackoffMs ?? 1000, maxCrashBackoffMs: options.maxCrashBackoffMs ?? 8000 };
  }

  start(): void {
    this.unsubscribe = this.registry.store.subscribe((e) => this.onEvent(e));
    for (const p of this.registry.store.list('pods')) this.ensure(p);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const w of this.workers.values()) w.stop();
    this.workers.clear();
  }

  /** Drops a worker whose pod is gone. */
  forget(uid: string): void {
    this.workers.get(uid)?.stop();
    this.workers.delete(uid);
  }

  private ensure(pod: KubeObject): void {
    if (pod.spec?.nodeName !== NODE_NAME || !pod.metadata.uid || this.workers.has(pod.metadata.uid)) return;
    const w = new PodWorker(this, pod.metadata.namespace!, pod.metadata.name, pod.metadata.uid);
    this.workers.set(pod.metadata.uid, w);
    w.start();
  }

  private onEvent(e: StoreEvent): void {
    // A pod removed without grace is noticed by its worker, which then kills the containers.
    if (e.plural === 'pods' && e.type !== 'DELETED') this.ensure(e.object);
    if (e.plural === 'namespaces' && e.type === 'DELETED') void this.backend.removeNamespace(e.object.metadata.name).catch(() => undefined);
  }

  /** Usage of the pod's running container (what the kubelet's summary API feeds metrics-server); null when none runs. */
  async usage(namespace: string, pod: string): Promise<{ container: string; usage: ContainerUsage } | null> {
    const p = this.registry.store.get('pods', namespace, pod);
    const w = this.workers.get(p?.metadata.uid ?? '');
    if (!p || !w?.currentContainer || p.status?.phase !== 'Running') return null;
    const usage = await this.backend.stats(w.currentContainer);
    return usage ? { container: String(p.spec?.containers?.[0]?.name ?? ''), usage } : null;
  }

  /** The pod's log lines, or a 400/404 Status like the real endpoint when there is no container to read. */
  logs(namespace: string, pod: string, options: { container?: string; previous?: boolean; tail?: number; sinceMs?: number; follow: boolean; signal: AbortSignal }): AsyncIterable<LogRecord> {
    const p = this.registry.get(PODS, namespace, pod);
    const spec = p.spec?.containers?.[0];
    if (options.container && options.container !== spec?.name) {
      throw badRequest(`container ${options.container} is not valid for pod ${pod}`);
    }
    const w = this.workers.get(p.metadata.uid ?? '');
    const id = options.previous ? w?.previousContainer : w?.currentContainer || w?.previousContainer;
    if (!w || !id) {
      if (options.previous) throw badRequest(`previous terminated container "${spec?.name}" in pod "${pod}" not found`);
      throw badRequest(`container "${spec?.name}" in pod "${pod}" is waiting to start: ${w?.waitingReason ?? 'ContainerCreating'}`);
    }
    return this.backend.logs(id, { ...(options.tail !== undefined ? { tail: options.tail } : {}), ...(options.sinceMs !== undefined ? { sinceMs: options.sinceMs } : {}), follow: options.follow, signal: options.signal });
  }
}

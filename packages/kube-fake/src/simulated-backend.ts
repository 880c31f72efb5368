import { randomUUID } from 'node:crypto';
import { ImagePullError, type ContainerBackend, type ContainerInfo, type ContainerUsage, type ContainerRun, type LogRecord, type ProbeTarget } from './backend.js';

interface SimContainer {
  spec: ContainerRun;
  info: ContainerInfo;
  healthy: boolean;
  usage: { cpuNanoCores: number; memoryBytes: number };
  logs: LogRecord[];
  waiters: Set<() => void>;
}

/**
 * A container runtime without containers, for tests that need the API machinery but no real processes: every
 * container runs until told otherwise, probes pass, and tests script crashes, OOM kills, failing probes, missing
 * images and log lines through the hooks below.
 */
export class SimulatedBackend implements ContainerBackend {
  private readonly containers = new Map<string, SimContainer>();
  private nextIp = 2;
  /** Images that fail to pull (ErrImagePull). */
  readonly missingImages = new Set<string>();
  /** Images whose containers start failing their HTTP probes (until `setHealthy`). */
  readonly unhealthyImages = new Set<string>();

  private find(namespace: string, pod: string): SimContainer | undefined {
    return [...this.containers.values()].filter((c) => c.spec.namespace === namespace && c.spec.pod === pod && c.info.running).at(-1);
  }

  /** Makes the pod's running container exit, as if the process ended (optionally killed for memory). */
  exit(namespace: string, pod: string, exitCode: number, options: { oomKilled?: boolean } = {}): boolean {
    const c = this.find(namespace, pod);
    if (!c) return false;
    c.info = { ...c.info, running: false, exitCode, oomKilled: !!options.oomKilled, finishedAt: new Date().toISOString() };
    for (const w of c.waiters) w();
    return true;
  }

  /** Makes the pod's current (and future) probes pass or fail. */
  setHealthy(namespace: string, pod: string, healthy: boolean): boolean {
    const c = this.find(namespace, pod);
    if (c) c.healthy = healthy;
    return !!c;
  }

  /** Usage a new simulated container reports until `setUsage`: 1 millicore, 4 MiB. */
  static readonly DEFAULT_USAGE = { cpuNanoCores: 1_000_000, memoryBytes: 4 * 2 ** 20 };

  /** Sets what the pod's running container reports to metrics.k8s.io. */
  setUsage(namespace: string, pod: string, usage: { cpuNanoCores: number; memoryBytes: number }): boolean {
    const c = this.find(namespace, pod);
    if (c) c.usage = { ...usage };
    return !!c;
  }

  async stats(id: string): Promise<ContainerUsage | null> {
    const c = this.containers.get(id);
    if (!c?.info.running) return null;
    return { ...c.usage, timestamp: new Date(), windowMs: 10_000 };
  }

  /** Appends a line to the pod's current container log. */
  writeLog(namespace: string, pod: string, text: string): boolean {
    const c = this.find(namespace, pod);
    if (!c) return false;
    c.logs.push({ stamp: new Date().toISOString().replace('Z', '000000Z'), text });
    for (const w of c.waiters) w();
    return true;
  }

  async ensureImage(image: string): Promise<void> {
    if (this.missingImages.has(image)) throw new ImagePullError(`failed to pull image "${image}": not found`);
  }

  async run(spec: ContainerRun): Promise<string> {
    const id = randomUUID().replace(/-/g, '');
    const n = this.nextIp++;
    this.containers.set(id, {
      spec,
      info: { running: true, exitCode: 0, oomKilled: false, startedAt: new Date().toISOString(), finishedAt: '', ip: `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 1}` },
      healthy: !this.unhealthyImages.has(spec.image),
      usage: { ...SimulatedBackend.DEFAULT_USAGE },
      logs: [],
      waiters: new Set(),
    });
    return id;
  }

  async inspect(id: string): Promise<ContainerInfo | null> {
    const c = this.containers.get(id);
    return c ? { ...c.info } : null;
  }

  async stop(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (c?.info.running) {
      c.info = { ...c.info, running: false, exitCode: 143, finishedAt: new Date().toISOString() };
      for (const w of c.waiters) w();
    }
  }

  async remove(id: string): Promise<void> {
    await this.stop(id);
    this.containers.delete(id);
  }

  async probe(id: string, _ip: string, target: ProbeTarget): Promise<boolean> {
    const c = this.containers.get(id);
    if (!c?.info.running) return false;
    return target.kind === 'tcp' ? true : c.healthy;
  }

  async *logs(id: string, options: { tail?: number; sinceMs?: number; follow: boolean; signal: AbortSignal }): AsyncIterable<LogRecord> {
    const c = this.containers.get(id);
    if (!c) return;
    let lines = c.logs.filter((l) => options.sinceMs === undefined || Date.parse(l.stamp) >= options.sinceMs);
    if (options.tail !== undefined) lines = lines.slice(-options.tail);
    let sent = c.logs.length;
    yield* lines;
    while (options.follow && !options.signal.aborted && c.info.running) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          c.waiters.delete(wake);
          options.signal.removeEventListener('abort', wake);
          resolve();
        };
        c.waiters.add(wake);
        options.signal.addEventListener('abort', wake);
      });
      yield* c.logs.slice(sent);
      sent = c.logs.length;
    }
  }

  async removeNamespace(): Promise<void> {}

  async close(): Promise<void> {
    for (const c of this.containers.values()) for (const w of c.waiters) w();
    this.containers.clear();
  }
}

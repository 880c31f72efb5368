import { connect } from 'node:net';
import { request } from 'node:http';
import { LogDemuxer } from '@slipway/driver-kit';
import { DockerApi, DockerApiError } from './docker-api.js';
import { ImagePullError, StartError, type ContainerBackend, type ContainerInfo, type ContainerUsage, type ContainerRun, type LogRecord, type ProbeTarget } from './backend.js';

/** Label on every Docker object the fake creates, valued with the fake's id, so `close` finds them all. */
export const KUBE_FAKE_LABEL = 'io.slipway.kube-fake';

function httpProbe(host: string, port: number, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, timeout: timeoutMs, headers: { 'User-Agent': 'kube-probe/1.31' } }, (res) => {
      res.resume();
      const s = res.statusCode ?? 0;
      resolve(s >= 200 && s < 400);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The fields of a Docker stats answer that metrics are computed from. */
interface DockerStats {
  read: string;
  preread: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  precpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
}

/**
 * Turns a Docker stats sample into what metrics-server reports: CPU as the usage delta over the wall-clock
 * window (nanoseconds of CPU per second = nanocores), memory as the working set (usage minus inactive file
 * pages; cgroup v2 names it `inactive_file`, v1 `total_inactive_file`). Null for a stopped container (no usage).
 */
export function usageFromStats(s: DockerStats): ContainerUsage | null {
  const usage = s.memory_stats?.usage;
  if (usage === undefined) return null;
  const read = Date.parse(s.read);
  const preread = Date.parse(s.preread);
  const windowMs = Number.isFinite(preread) && preread > 0 && read > preread ? read - preread : 0;
  const cpuDelta = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const cpuNanoCores = windowMs > 0 && cpuDelta > 0 ? Math.round(cpuDelta / (windowMs / 1000)) : 0;
  const inactive = s.memory_stats?.stats?.inactive_file ?? s.memory_stats?.stats?.total_inactive_file ?? 0;
  return { cpuNanoCores, memoryBytes: Math.max(0, usage - inactive), timestamp: new Date(read), windowMs };
}

/**
 * Runs pods as real containers on a Docker engine: one user-defined bridge network per namespace (so Services
 * resolve by name through Docker's DNS, as aliases), memory limits as cgroup limits, probes over the pod IP.
 */
export class DockerBackend implements ContainerBackend {
  private readonly api: DockerApi;
  private readonly networks = new Map<string, Promise<string>>();

  constructor(
    host: string,
    private readonly fakeId: string,
    private readonly extraLabels: Record<string, string> = {},
  ) {
    this.api = new DockerApi(host);
  }

  private labels(): Record<string, string> {
    return { ...this.extraLabels, [KUBE_FAKE_LABEL]: this.fakeId };
  }

  private networkName(namespace: string): string {
    return `kf-${this.fakeId}-${namespace}`.slice(0, 60);
  }

  private network(namespace: string): Promise<string> {
    let p = this.networks.get(namespace);
    if (!p) {
      const name = this.networkName(namespace);
      p = this.api
        .call('POST', '/networks/create', { Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: this.labels() })
        .then(() => name)
        .catch((err) => {
          if (err instanceof DockerApiError && err.status === 409) return name;
          this.networks.delete(namespace);
          throw err;
        });
      this.networks.set(namespace, p);
    }
    return p;
  }

  async ensureImage(image: string): Promise<void> {
    try {
      await this.api.call('GET', `/images/${encodeURIComponent(image)}/json`);
      return;
    } catch (err) {
      if (!(err instanceof DockerApiError && err.status === 404)) throw new ImagePullError((err as Error).message);
    }
    const at = image.lastIndexOf(':');
    const hasTag = at > image.lastIndexOf('/');
    const query = `fromImage=${encodeURIComponent(hasTag ? image.slice(0, at) : image)}&tag=${encodeURIComponent(hasTag ? image.slice(at + 1) : 'latest')}`;
    let res;
    try {
      res = await this.api.stream('POST', `/images/create?${query}`);
    } catch (err) {
      throw new ImagePullError(`failed to pull image "${image}": ${(err as Error).message}`);
    }
    let text = '';
    for await (const c of res) text += (c as Buffer).toString('utf8');
    const failed = (res.statusCode ?? 500) >= 400 || /"error"/.test(text);
    if (failed) {
      const m = /"message":"([^"]*)"|"error":"([^"]*)"/.exec(text);
      throw new ImagePullError(`failed to pull image "${image}": ${m?.[1] ?? m?.[2] ?? `status ${res.statusCode}`}`);
    }
  }

  async run(spec: ContainerRun): Promise<string> {
    const network = await this.network(spec.namespace);
    const name = `k8s_${spec.container}_${spec.pod}_${spec.namespace}_${spec.podUid.slice(0, 8)}_${spec.attempt}`;
    let id: string;
    try {
      const created = await this.api.call('POST', `/containers/create?name=${encodeURIComponent(name)}`, {
        Image: spec.image,
        ...(spec.command ? { Entrypoint: spec.command } : {}),
        ...(spec.args ? { Cmd: spec.args } : {}),
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        Labels: { ...this.labels(), 'io.kubernetes.pod.name': spec.pod, 'io.kubernetes.pod.namespace': spec.namespace, 'io.kubernetes.pod.uid': spec.podUid },
        HostConfig: {
          Init: true,
          NetworkMode: network,
          ...(spec.memoryBytes ? { Memory: spec.memoryBytes, MemorySwap: spec.memoryBytes } : {}),
          LogConfig: { Type: 'json-file', Config: { 'max-size': '5m' } },
        },
        NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: spec.aliases } } },
      });
      id = (created.body as { Id: string }).Id;
    } catch (err) {
      throw new StartError((err as Error).message);
    }
    try {
      await this.api.call('POST', `/containers/${id}/start`);
    } catch (err) {
      throw new StartError((err as Error).message);
    }
    return id;
  }

  async inspect(id: string): Promise<ContainerInfo | null> {
    try {
      const { body } = await this.api.call('GET', `/containers/${id}/json`);
      const b = body as {
        State: { Running: boolean; Restarting: boolean; ExitCode: number; OOMKilled: boolean; StartedAt: string; FinishedAt: string };
        NetworkSettings: { Networks?: Record<string, { IPAddress?: string }> };
      };
      const ip = Object.values(b.NetworkSettings.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress ?? '';
      return { running: b.State.Running, exitCode: b.State.ExitCode, oomKilled: b.State.OOMKilled, startedAt: b.State.StartedAt, finishedAt: b.State.FinishedAt, ip };
    } catch (err) {
      if (err instanceof DockerApiError && err.status === 404) return null;
      throw err;
    }
  }

  async stop(id: string, graceSeconds: number): Promise<void> {
    try {
      await this.api.call('POST', `/containers/${id}/stop?t=${Math.max(0, Math.floor(graceSeconds))}`);
    } catch (err) {
      if (!(err instanceof DockerApiError && (err.status === 304 || err.status === 404))) throw err;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.api.call('DELETE', `/containers/${id}?force=true&v=true`);
    } catch (err) {
      if (!(err instanceof DockerApiError && (err.status === 404 || err.status === 409))) throw err;
    }
  }

  async stats(id: string): Promise<ContainerUsage | null> {
    let body: DockerStats;
    try {
      // stream=false: the engine samples twice (about a second apart), so precpu_stats holds the earlier sample.
      body = (await this.api.call('GET', `/containers/${id}/stats?stream=false`)).body as DockerStats;
    } catch (err) {
      if (err instanceof DockerApiError && (err.status === 404 || err.status === 409)) return null;
      throw err;
    }
    return usageFromStats(body);
  }

  probe(_id: string, ip: string, target: ProbeTarget, timeoutMs: number): Promise<boolean> {
    if (!ip) return Promise.resolve(false);
    return target.kind === 'http' ? httpProbe(ip, target.port, target.path, timeoutMs) : tcpProbe(ip, target.port, timeoutMs);
  }

  async *logs(id: string, options: { tail?: number; sinceMs?: number; follow: boolean; signal: AbortSignal }): AsyncIterable<LogRecord> {
    const q = new URLSearchParams({ stdout: '1', stderr: '1', timestamps: '1', follow: options.follow ? '1' : '0' });
    if (options.tail !== undefined) q.set('tail', String(options.tail));
    if (options.sinceMs !== undefined) q.set('since', String(Math.floor(options.sinceMs / 1000)));
    const res = await this.api.stream('GET', `/containers/${id}/logs?${q}`);
    if ((res.statusCode ?? 500) >= 400) {
      res.resume();
      return;
    }
    const onAbort = () => res.destroy();
    options.signal.addEventListener('abort', onAbort);
    const split = new LogDemuxer();
    const toRecord = (raw: string): LogRecord | null => {
      const sp = raw.indexOf(' ');
      if (sp <= 0) return null;
      const rec = { stamp: raw.slice(0, sp), text: raw.slice(sp + 1).replace(/\r$/, '') };
      if (options.sinceMs !== undefined && Date.parse(rec.stamp) < options.sinceMs) return null;
      return rec;
    };
    try {
      for await (const chunk of res) {
        for (const raw of split.push(chunk as Buffer)) {
          const r = toRecord(raw);
          if (r) yield r;
        }
      }
      for (const raw of split.flush()) {
        const r = toRecord(raw);
        if (r) yield r;
      }
    } catch {
      // An aborted follow ends the stream.
    } finally {
      options.signal.removeEventListener('abort', onAbort);
      res.destroy();
    }
  }

  async removeNamespace(namespace: string): Promise<void> {
    const p = this.networks.get(namespace);
    this.networks.delete(namespace);
    if (!p) return;
    const name = await p.catch(() => null);
    if (name) await this.api.call('DELETE', `/networks/${encodeURIComponent(name)}`).catch(() => undefined);
  }

  async close(): Promise<void> {
    const filters = encodeURIComponent(JSON.stringify({ label: [`${KUBE_FAKE_LABEL}=${this.fakeId}`] }));
    const containers = (await this.api.call('GET', `/containers/json?all=1&filters=${filters}`).catch(() => ({ body: [] }))).body as Array<{ Id: string }>;
    await Promise.all(containers.map((c) => this.remove(c.Id).catch(() => undefined)));
    const networks = (await this.api.call('GET', `/networks?filters=${filters}`).catch(() => ({ body: [] }))).body as Array<{ Id: string }>;
    for (const n of networks) await this.api.call('DELETE', `/networks/${n.Id}`).catch(() => undefined);
    this.networks.clear();
  }
}

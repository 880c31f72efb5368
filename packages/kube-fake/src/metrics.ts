import type { ContainerUsage } from './backend.js';
import { NODE_NAME } from './controllers.js';
import type { Kubelet } from './kubelet.js';
import { nowTimestamp, type KubeObject } from './objects.js';
import type { Registry } from './registry.js';
import { resource } from './resources.js';
import { parseLabelSelector } from './selectors.js';
import { KubeApiError } from './status.js';

/** The aggregated API metrics-server registers. */
export const METRICS_GROUP = 'metrics.k8s.io';
/** Its only served version. */
export const METRICS_VERSION = 'v1beta1';
const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;
const PODS = resource('pods');

/** A parsed metrics.k8s.io path. */
export interface MetricsRoute {
  plural: 'pods' | 'nodes' | '';
  namespace?: string;
  name?: string;
}

/** Parses `/apis/metrics.k8s.io/v1beta1[/namespaces/{ns}]/pods[/{name}]` and `/nodes[/{name}]`; null when not one. */
export function parseMetricsPath(pathname: string): MetricsRoute | null {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (segs[0] !== 'apis' || segs[1] !== METRICS_GROUP) return null;
  if (segs[2] !== METRICS_VERSION) return segs.length === 2 ? { plural: '' } : null;
  const rest = segs.slice(3);
  if (!rest.length) return { plural: '' };
  if (rest[0] === 'namespaces' && rest[2] === 'pods' && rest.length <= 4) return { plural: 'pods', namespace: rest[1], name: rest[3] };
  if ((rest[0] === 'pods' || rest[0] === 'nodes') && rest.length <= 2) return { plural: rest[0], name: rest[1] };
  return null;
}

function cpu(nanoCores: number): string {
  return `${Math.max(0, Math.round(nanoCores))}n`;
}

function memory(bytes: number): string {
  // metrics-server answers in Ki.
  return `${Math.max(0, Math.round(bytes / 1024))}Ki`;
}

function window(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

function notFound(kind: 'podmetrics' | 'nodemetrics', name: string): KubeApiError {
  return new KubeApiError(404, 'NotFound', `${kind}.${METRICS_GROUP} "${name}" not found`, { name, group: METRICS_GROUP, kind: kind === 'podmetrics' ? 'pods' : 'nodes' });
}

/**
 * Serves `metrics.k8s.io/v1beta1` as metrics-server does: PodMetrics of every running pod (one entry per running
 * container, CPU in nanocores over the sample window, memory as the working set in Ki) and NodeMetrics of the one
 * node (the sum of its pods). Values come from the container runtime (Docker's one-shot stats with Docker pods).
 * Read-only: get and list only, as on a real cluster; pods without a running container are absent, not zero.
 */
export class MetricsApi {
  constructor(
    private readonly registry: Registry,
    private readonly kubelet: Kubelet,
  ) {}

  /** The APIResourceList of the group version. */
  discovery(): Record<string, unknown> {
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: API_VERSION,
      resources: [
        { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
        { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
      ],
    };
  }

  private async podMetrics(pod: KubeObject): Promise<{ item: Record<string, unknown>; usage: ContainerUsage } | null> {
    const u = await this.kubelet.usage(pod.metadata.namespace!, pod.metadata.name);
    if (!u) return null;
    return {
      usage: u.usage,
      item: {
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: nowTimestamp(), labels: { ...pod.metadata.labels } },
        timestamp: nowTimestamp(u.usage.timestamp),
        window: window(u.usage.windowMs),
        containers: [{ name: u.container, usage: { cpu: cpu(u.usage.cpuNanoCores), memory: memory(u.usage.memoryBytes) } }],
      },
    };
  }

  private async collect(namespace: string | undefined, labelSelector: string | null): Promise<Array<{ item: Record<string, unknown>; usage: ContainerUsage }>> {
    const pods = this.registry.list(PODS, namespace, labelSelector).items;
    const all = await Promise.all(pods.map((p) => this.podMetrics(p)));
    return all.filter((x): x is NonNullable<typeof x> => x !== null);
  }

  /** Answers one GET; throws KubeApiError for what metrics-server refuses. */
  async handle(method: string, route: MetricsRoute, q: URLSearchParams): Promise<Record<string, unknown>> {
    if (method !== 'GET') throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    if (route.plural === '') return this.discovery();
    if (q.get('watch') === 'true' || q.get('watch') === '1') throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    if (route.plural === 'pods') {
      if (route.name) {
        const pod = this.registry.store.get('pods', route.namespace, route.name);
        const m = pod ? await this.podMetrics(pod) : null;
        if (!m) throw notFound('podmetrics', route.name);
        return { kind: 'PodMetrics', apiVersion: API_VERSION, ...m.item };
      }
      const items = await this.collect(route.namespace, q.get('labelSelector'));
      return { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items: items.map((i) => i.item) };
    }
    if (route.name && route.name !== NODE_NAME) throw notFound('nodemetrics', route.name);
    const pods = await this.collect(undefined, null);
    const node = {
      metadata: { name: NODE_NAME, creationTimestamp: nowTimestamp(), labels: { 'kubernetes.io/hostname': NODE_NAME } },
      timestamp: nowTimestamp(),
      window: window(Math.max(0, ...pods.map((p) => p.usage.windowMs))),
      usage: { cpu: cpu(pods.reduce((s, p) => s + p.usage.cpuNanoCores, 0)), memory: memory(pods.reduce((s, p) => s + p.usage.memoryBytes, 0)) },
    };
    if (route.name) return { kind: 'NodeMetrics', apiVersion: API_VERSION, ...node };
    if (!parseLabelSelector(q.get('labelSelector'))(node.metadata.labels)) return { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items: [] };
    return { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items: [node] };
  }
}

import type { CustomObjectsApi } from '@kubernetes/client-node';
import { DriverUnavailableError, NotFoundError, type AppTarget } from '@slipway/core';
import { apiStatus, toDomainError } from './errors.js';
import { KEYS, appSelector, dynoName, labelValue } from './names.js';

/** What one dyno uses right now, as metrics-server measured it (CPU over its sample window, memory working set). */
export interface DynoUsage {
  /** Dyno name, e.g. `web.7d9c8f6b5-k2x9f`. */
  dyno: string;
  type: string;
  /** CPU in cores (0.25 = a quarter of a core). */
  cpu_cores: number;
  /** Working-set memory in bytes. */
  memory_bytes: number;
  sampled_at: Date;
  /** Length of the CPU sample window. */
  window_ms: number;
}

const CPU_UNITS: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1 };
const MEMORY_UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** CPU quantity (`1234n`, `250m`, `2`) in cores; NaN when unparseable. */
export function parseCpuQuantity(q: string): number {
  const m = /^([0-9.]+)([num]?)$/.exec(q.trim());
  return m ? Number(m[1]) * CPU_UNITS[m[2]] : NaN;
}

/** Memory quantity (`4096Ki`, `64Mi`, `1G`, `1048576`) in bytes; NaN when unparseable. */
export function parseMemoryQuantity(q: string): number {
  const m = /^([0-9.]+)([KMGT]i|[kMGT])?$/.exec(q.trim());
  return m ? Math.round(Number(m[1]) * MEMORY_UNITS[m[2] ?? '']) : NaN;
}

/** Go duration as metrics-server writes the window (`10.062s`, `1m0s`, `500ms`) in milliseconds. */
export function parseWindow(w: string | undefined): number {
  let total = 0;
  for (const [, n, unit] of (w ?? '').matchAll(/([0-9.]+)(ms|s|m|h)/g)) total += Number(n) * { ms: 1, s: 1e3, m: 6e4, h: 3.6e6 }[unit as 'ms' | 's' | 'm' | 'h'];
  return Math.round(total);
}

interface PodMetrics {
  metadata: { name: string; labels?: Record<string, string> };
  timestamp?: string;
  window?: string;
  containers?: Array<{ name: string; usage?: { cpu?: string; memory?: string } }>;
}

function toUsage(m: PodMetrics, app: string): DynoUsage {
  const type = m.metadata.labels?.[KEYS.type] ?? '';
  const usage = m.containers?.[0]?.usage ?? {};
  return {
    dyno: dynoName(m.metadata.name, app, type),
    type,
    cpu_cores: parseCpuQuantity(usage.cpu ?? '0'),
    memory_bytes: parseMemoryQuantity(usage.memory ?? '0'),
    sampled_at: new Date(m.timestamp ?? Date.now()),
    window_ms: parseWindow(m.window),
  };
}

/**
 * Usage of an app's dynos from `metrics.k8s.io/v1beta1` PodMetrics (served by metrics-server): a list by the
 * app's label selector, or one get for a named dyno. Dynos without a running container are absent.
 * DriverUnavailableError when the cluster serves no metrics API; NotFoundError for a named dyno without metrics.
 */
export async function readDynoUsage(custom: CustomObjectsApi, namespace: string, target: AppTarget, dyno?: string): Promise<DynoUsage[]> {
  const at = { group: 'metrics.k8s.io', version: 'v1beta1', plural: 'pods', namespace };
  if (dyno !== undefined) {
    const dot = dyno.indexOf('.');
    if (dot < 1) throw new NotFoundError(`no dyno ${dyno}`);
    const pod = `${target.app.name}-${dyno.slice(0, dot)}-${dyno.slice(dot + 1)}`;
    try {
      const m = (await custom.getNamespacedCustomObject({ ...at, name: pod })) as PodMetrics;
      // A pod of that name that is not this app's (another app whose name shares the prefix) is not its dyno.
      if (m.metadata.labels?.[KEYS.appId] !== labelValue(target.app.id)) throw new NotFoundError(`no dyno ${dyno} of ${target.app.name}`);
      return [toUsage(m, target.app.name)];
    } catch (err) {
      if (apiStatus(err) === 404) throw new NotFoundError(`no usage of dyno ${dyno} of ${target.app.name} (not running, or no metrics yet)`);
      throw toDomainError(err, `reading usage of dyno ${dyno}`);
    }
  }
  try {
    const list = (await custom.listNamespacedCustomObject({ ...at, labelSelector: appSelector(target.app) })) as { items: PodMetrics[] };
    return list.items.map((m) => toUsage(m, target.app.name)).sort((a, b) => a.dyno.localeCompare(b.dyno));
  } catch (err) {
    // A list 404s only when the whole API group is missing: metrics-server is not installed.
    if (apiStatus(err) === 404) throw new DriverUnavailableError('the cluster serves no metrics.k8s.io API (install metrics-server)');
    throw toDomainError(err, `listing usage of ${target.app.name}`);
  }
}

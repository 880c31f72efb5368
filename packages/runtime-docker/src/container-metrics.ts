import type { MetricName } from '@slipway/core';

/** The parts of one Docker `GET /containers/{id}/stats?stream=false` answer the metrics read (cgroup v1 and v2). */
export interface DockerStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; usage_in_usermode?: number; usage_in_kernelmode?: number } };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; rx_errors?: number; tx_bytes?: number; tx_errors?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null; io_service_time_recursive?: Array<{ op?: string; value?: number }> | null };
}

/** Sizes of the container's writable layer (`inspect` with size), for `fs_usage_bytes`. */
export interface ContainerSize {
  SizeRw?: number;
}

const NS = 1e9;

/**
 * One dyno's sample in the seed's metric names. CPU counters come in nanoseconds (seconds here); memory cache and
 * rss are cgroup v1 `cache`/`rss` or v2 `file`/`anon`; the working set is usage minus inactive file pages, as
 * kubelet counts it.
 */
export function sampleFromStats(stats: DockerStats, size: ContainerSize = {}): Record<MetricName, number> {
  const cpu = stats.cpu_stats?.cpu_usage ?? {};
  const mem = stats.memory_stats ?? {};
  const m = mem.stats ?? {};
  const usage = mem.usage ?? 0;
  const inactive = m.total_inactive_file ?? m.inactive_file ?? 0;
  const nets = Object.values(stats.networks ?? {});
  const net = (k: 'rx_bytes' | 'rx_errors' | 'tx_bytes' | 'tx_errors') => nets.reduce((a, n) => a + (n[k] ?? 0), 0);
  const ioTime = (stats.blkio_stats?.io_service_time_recursive ?? []).filter((e) => (e.op ?? '').toLowerCase() === 'total').reduce((a, e) => a + (e.value ?? 0), 0);
  return {
    cpu_system_seconds_total: (cpu.usage_in_kernelmode ?? 0) / NS,
    cpu_usage_seconds_total: (cpu.total_usage ?? 0) / NS,
    cpu_user_seconds_total: (cpu.usage_in_usermode ?? 0) / NS,
    fs_io_time_seconds_total: ioTime / NS,
    fs_usage_bytes: size.SizeRw ?? 0,
    memory_cache: m.cache ?? m.file ?? 0,
    memory_rss: m.rss ?? m.anon ?? 0,
    memory_usage_bytes: usage,
    memory_working_set_bytes: Math.max(0, usage - inactive),
    network_receive_bytes_total: net('rx_bytes'),
    network_receive_errors_total: net('rx_errors'),
    network_transmit_bytes_total: net('tx_bytes'),
    network_transmit_errors_total: net('tx_errors'),
  };
}

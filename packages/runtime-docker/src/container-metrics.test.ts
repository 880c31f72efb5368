import { describe, expect, it } from 'vitest';
import { currentSeries } from '@slipway/core';
import { sampleFromStats } from './container-metrics.js';

describe('sampleFromStats', () => {
  it('reads cgroup v2 stats into the seed metric names, CPU in seconds and the working set without inactive files', () => {
    const s = sampleFromStats(
      {
        cpu_stats: { cpu_usage: { total_usage: 3e9, usage_in_usermode: 2e9, usage_in_kernelmode: 1e9 } },
        memory_stats: { usage: 1000, stats: { anon: 600, file: 300, inactive_file: 200 } },
        networks: { eth0: { rx_bytes: 10, rx_errors: 1, tx_bytes: 20, tx_errors: 2 }, eth1: { rx_bytes: 5, tx_bytes: 5 } },
      },
      { SizeRw: 4096 },
    );
    expect(s).toEqual({
      cpu_system_seconds_total: 1, cpu_usage_seconds_total: 3, cpu_user_seconds_total: 2, fs_io_time_seconds_total: 0, fs_usage_bytes: 4096,
      memory_cache: 300, memory_rss: 600, memory_usage_bytes: 1000, memory_working_set_bytes: 800,
      network_receive_bytes_total: 15, network_receive_errors_total: 1, network_transmit_bytes_total: 25, network_transmit_errors_total: 2,
    });
  });

  it('reads cgroup v1 names and survives missing sections', () => {
    expect(sampleFromStats({ memory_stats: { usage: 50, stats: { cache: 7, rss: 9, total_inactive_file: 10 } } })).toMatchObject({ memory_cache: 7, memory_rss: 9, memory_working_set_bytes: 40, cpu_usage_seconds_total: 0 });
  });
});

describe('currentSeries', () => {
  const now = new Date('2030-01-01T00:10:30Z');
  const range = { from: new Date('2030-01-01T00:00:00Z'), to: now, resolutionSeconds: 600 };
  it('averages the dynos under the bucket now falls in', () => {
    const a = sampleFromStats({ memory_stats: { usage: 100 } });
    const b = sampleFromStats({ memory_stats: { usage: 300 } });
    const series = currentSeries([a, b], range, now);
    expect(series.memory_usage_bytes).toEqual({ [String(Date.parse('2030-01-01T00:10:00Z') / 1000)]: 200 });
  });
  it('is empty without dynos or when the range lies in the past (the engine keeps no history)', () => {
    expect(currentSeries([], range, now)).toEqual({});
    expect(currentSeries([sampleFromStats({})], { ...range, to: new Date('2030-01-01T00:05:00Z') }, now)).toEqual({});
  });
});

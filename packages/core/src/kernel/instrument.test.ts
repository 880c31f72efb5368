import { describe, expect, it } from 'vitest';
import { DRIVER_CALL_ERRORS, DRIVER_CALL_SECONDS, instrumentPort } from './instrument.js';
import { noTelemetry, type MetricLabels, type Telemetry } from './telemetry.js';

/** A telemetry that keeps what it was told, by metric name. */
function recording() {
  const seen: Array<{ name: string; labels: MetricLabels; value: number }> = [];
  const telemetry: Telemetry = {
    counter: (def) => (labels, by = 1) => void seen.push({ name: def.name, labels, value: by }),
    histogram: (def) => (labels, value) => void seen.push({ name: def.name, labels, value }),
    gauge: () => undefined,
  };
  return { seen, telemetry };
}

/** A driver shaped like real adapters: a private field, a name, sync and async methods, an optional one. */
class Driver {
  readonly name = 'fake';
  #calls = 0;
  async converge(n: number): Promise<number> {
    this.#calls++;
    return n * 2;
  }
  async remove(): Promise<void> {
    throw new Error('engine down');
  }
  describe(): string {
    return `calls=${this.#calls}`;
  }
}

describe('instrumentPort', () => {
  it('times async calls by port, method and outcome, counts failures, and passes everything else through', async () => {
    const { seen, telemetry } = recording();
    const d = instrumentPort(new Driver(), 'runtime', telemetry);
    expect(await d.converge(21)).toBe(42);
    await expect(d.remove()).rejects.toThrow('engine down');
    expect(d.describe()).toBe('calls=1');
    expect(d.name).toBe('fake');
    expect('converge' in d && !('watchEvents' in d)).toBe(true);
    expect(d).toBeInstanceOf(Driver);
    expect(seen.map(({ name, labels }) => ({ name, labels }))).toEqual([
      { name: DRIVER_CALL_SECONDS.name, labels: { port: 'runtime', method: 'converge', outcome: 'ok' } },
      { name: DRIVER_CALL_ERRORS.name, labels: { port: 'runtime', method: 'remove' } },
      { name: DRIVER_CALL_SECONDS.name, labels: { port: 'runtime', method: 'remove', outcome: 'error' } },
    ]);
    expect(seen.every((s) => s.value >= 0)).toBe(true);
  });

  it('returns the port itself when there is no telemetry', () => {
    const d = new Driver();
    expect(instrumentPort(d, 'runtime', noTelemetry)).toBe(d);
  });
});

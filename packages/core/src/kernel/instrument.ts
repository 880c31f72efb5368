import { CALL_BUCKETS, noTelemetry, type HistogramDef, type MetricDef, type Telemetry } from './telemetry.js';

/** Latency of every asynchronous call to a driver port (runtime, builder, broker, router ...), by port, method and outcome. */
export const DRIVER_CALL_SECONDS: HistogramDef = {
  name: 'slipway_driver_call_duration_seconds',
  help: 'Duration of asynchronous calls to driver ports (runtime, build, broker, router), by port, method and outcome (ok or error).',
  labels: ['port', 'method', 'outcome'],
  buckets: CALL_BUCKETS,
};

/** Failed calls to a driver port, by port and method. */
export const DRIVER_CALL_ERRORS: MetricDef = {
  name: 'slipway_driver_call_errors_total',
  help: 'Calls to driver ports that threw or rejected, by port and method.',
  labels: ['port', 'method'],
};

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';

/**
 * Wraps a port so each of its methods that returns a promise records its latency and failures under `port`. Other
 * members (names, streams, synchronous helpers) pass through untouched, and so do `in` checks of optional methods.
 * With no telemetry the port itself is returned, so an uninstrumented platform pays nothing.
 */
export function instrumentPort<T extends object>(target: T, port: string, telemetry: Telemetry): T {
  if (telemetry === noTelemetry) return target;
  const observe = telemetry.histogram(DRIVER_CALL_SECONDS);
  const failed = telemetry.counter(DRIVER_CALL_ERRORS);
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(obj, prop) {
      // The target is the receiver: adapters may keep private class fields, which a proxy receiver cannot read.
      const value: unknown = Reflect.get(obj, prop);
      if (typeof value !== 'function' || typeof prop === 'symbol' || prop === 'constructor') return value;
      let fn = wrapped.get(prop);
      if (!fn) {
        const method = prop;
        const original = value as (...args: unknown[]) => unknown;
        fn = function (this: unknown, ...args: unknown[]): unknown {
          const started = performance.now();
          const fail = () => {
            failed({ port, method });
            observe({ port, method, outcome: 'error' }, (performance.now() - started) / 1000);
          };
          let result: unknown;
          try {
            result = original.apply(obj, args);
          } catch (err) {
            fail();
            throw err;
          }
          if (!isThenable(result)) return result;
          return Promise.resolve(result).then(
            (v) => {
              observe({ port, method, outcome: 'ok' }, (performance.now() - started) / 1000);
              return v;
            },
            (err: unknown) => {
              fail();
              throw err;
            },
          );
        };
        wrapped.set(prop, fn);
      }
      return fn;
    },
  });
}

import { EventEmitter } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { drainOnSignals, operationsFromEnv } from './host-operations.js';
import { gracefulShutdown, type DrainReport } from './shutdown.js';

describe('operationsFromEnv', () => {
  it('reads the scraper token before the public switch, and the readiness grace', () => {
    expect(operationsFromEnv({})).toEqual({});
    expect(operationsFromEnv({ SLIPWAY_METRICS_TOKEN: ' t ', SLIPWAY_METRICS_PUBLIC: '1' })).toEqual({ metricsAccess: { token: 't' } });
    expect(operationsFromEnv({ SLIPWAY_METRICS_PUBLIC: '1', SLIPWAY_READY_GRACE_MS: '1500' })).toEqual({ metricsAccess: 'public', readyGraceMs: 1500 });
    expect(operationsFromEnv({ SLIPWAY_METRICS_PUBLIC: '0' })).toEqual({});
    expect(() => operationsFromEnv({ SLIPWAY_READY_GRACE_MS: '-1' })).toThrow(/SLIPWAY_READY_GRACE_MS/);
  });
});

describe('drainOnSignals', () => {
  it('drains on the first signal, cuts a request that would not finish on the second, then closes', async () => {
    // A handler that never answers: only the second signal can end the drain before its timeout.
    const server = createServer(() => undefined);
    const graceful = gracefulShutdown(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const hung = new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/slow' }, () => resolve('answered'));
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      req.end();
    });
    await expect.poll(() => graceful.inFlight).toBe(1);
    const signals = new EventEmitter();
    const order: string[] = [];
    const stopped = new Promise<DrainReport>((resolve) => {
      drainOnSignals(
        { server, graceful, close: async () => void order.push('close') },
        { emitter: signals, timeoutMs: 600_000, onDrained: () => order.push('drained'), onStopped: resolve },
      );
    });
    signals.emit('SIGINT');
    expect(graceful.draining).toBe(true);
    await expect.poll(() => server.listening).toBe(false);
    signals.emit('SIGTERM');
    expect(await hung).toBe('ECONNRESET');
    const report = await stopped;
    expect(order).toEqual(['drained', 'close']);
    // The second signal, not the ten-minute timeout, ended the drain.
    expect(report.timedOut).toBe(false);
  });
});

import net from 'node:net';
import type { LookupFunction } from 'node:net';
import { AddressPolicy, DriverUnavailableError, type DrainLogEntry } from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrainTransport } from './transport.js';

const line = (message: string): DrainLogEntry => ({ timestamp: new Date(), app: 'shop-dev', process_type: 'web', dyno: 'web.1', source: 'app', message });

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('injected lookup (where the host plugs in the outbound address policy)', () => {
  let server: net.Server;
  let port: number;
  let received = '';
  let connections = 0;

  beforeAll(async () => {
    // A plain TCP syslog receiver: enough to see what arrives and whether anyone connected at all.
    server = net.createServer((s) => {
      connections++;
      s.setEncoding('utf8');
      s.on('data', (d: string) => (received += d));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('resolves drain hosts through it', async () => {
    const asked: string[] = [];
    const lookup: LookupFunction = (host, _opts, cb) => {
      asked.push(host);
      cb(null, '127.0.0.1', 4);
    };
    const transport = createDrainTransport({ lookup });
    const d = transport.open(`syslog://logs.drain.test:${port}`);
    d.write(line('through the policy'));
    await d.flush(5000);
    await until(() => received.includes('through the policy'));
    expect(received).toMatch(/^\d+ <190>1 \S+ shop-dev app web\.1 web - through the policy/);
    expect(asked).toEqual(['logs.drain.test']);
    await transport.close();
  });

  it('asks it about IP literals too, and connects nowhere when it refuses', async () => {
    const before = connections;
    const asked: string[] = [];
    const lookup: LookupFunction = (host, _opts, cb) => {
      asked.push(host);
      cb(new DriverUnavailableError(`${host} is a restricted address`) as unknown as NodeJS.ErrnoException, '', 0);
    };
    const transport = createDrainTransport({ lookup, backoff: { initialMs: 20, maxMs: 50 } });
    const d = transport.open(`syslog://127.0.0.1:${port}`);
    d.write(line('must not leave'));
    await until(() => asked.length >= 2);
    expect(asked.every((h) => h === '127.0.0.1')).toBe(true);
    expect(d.stats()).toMatchObject({ sent: 0, buffered: 1, connected: false, last_error: '127.0.0.1 is a restricted address' });
    expect(connections).toBe(before);
    await transport.close(50);
  });

  it('checks every drain address against an address policy when given one, in every spelling', async () => {
    const before = connections;
    const transport = createDrainTransport({ policy: new AddressPolicy(), backoff: { initialMs: 20, maxMs: 50 } });
    const drains = ['127.0.0.1', '[::ffff:127.0.0.1]', 'localhost'].map((host) => transport.open(`syslog://${host}:${port}`));
    for (const d of drains) d.write(line('must not leave either'));
    await until(() => drains.every((d) => d.stats().last_error !== null));
    for (const d of drains) expect(d.stats()).toMatchObject({ sent: 0, connected: false, last_error: expect.stringMatching(/\S/) });
    expect(connections).toBe(before);
    await transport.close(50);
    // The operator lifts it: the same policy type, allowing loopback, lets the line through.
    const open = createDrainTransport({ policy: new AddressPolicy({ allow: ['127.0.0.1/32'] }) });
    const d = open.open(`syslog://127.0.0.1:${port}`);
    d.write(line('allowed by the operator'));
    await d.flush(5000);
    await until(() => received.includes('allowed by the operator'));
    expect(received).toContain('allowed by the operator');
    await open.close();
  });
});

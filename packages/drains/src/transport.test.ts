import { logDrainTransportContract } from '@slipway/testkit';
import { createDrainTransport } from './transport.js';

logDrainTransportContract(
  '@slipway/drains',
  ({ ca }) => createDrainTransport({ tls: { ca }, backoff: { initialMs: 50, maxMs: 400 }, https: { requestTimeoutMs: 1_000, flushIntervalMs: 50 } }),
  { syslogTcp: true, syslogTls: true, syslogUdp: true, https: true },
);

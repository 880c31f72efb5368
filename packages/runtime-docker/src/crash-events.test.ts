import { inject, it } from 'vitest';
import { runtimeEventsContract, startCuttableProxy } from '@slipway/testkit';
import { DockerRuntimeDriver, type DockerRuntimeOptions } from './runtime-driver.js';

const host = inject('dockerHost');
const run = inject('dockerRunLabel');

const options = (over: DockerRuntimeOptions = {}): DockerRuntimeOptions => ({
  host,
  labels: { 'io.slipway.test-run': run },
  prefix: `slwt${run}`,
  healthIntervalMs: 500,
  readyTimeoutMs: 30_000,
  stopTimeoutSeconds: 2,
  ...over,
});

/** The engine's address as a proxy upstream (a unix socket or a TCP port). */
function upstream(): { path: string } | { host: string; port: number } {
  if (host.startsWith('unix://')) return { path: host.slice('unix://'.length) };
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port) };
}

if (host) {
  runtimeEventsContract(
    'docker',
    async () => ({
      driver: new DockerRuntimeDriver(options()),
      image: inject('busyboxImage'),
      // The driver reaches the engine through a TCP proxy whose connections the contract cuts.
      async cuttable() {
        const proxy = await startCuttableProxy(upstream());
        const driver = new DockerRuntimeDriver(options({ host: `tcp://127.0.0.1:${proxy.port}` }));
        return { driver, cut: () => proxy.cut(), close: async () => (await driver.close(), await proxy.close()) };
      },
    }),
    { oom: true, startFailure: true },
  );
} else {
  // Only reachable outside CI (the global setup fails in CI): say why nothing ran instead of passing silently.
  it.skip('runtime-docker crash events: no Docker engine available (set DOCKER_HOST or run as root with dockerd installed)');
}

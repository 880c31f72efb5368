import { inject, it } from 'vitest';
import { LogDemuxer } from '@slipway/driver-kit';
import { buildDriverContract } from '@slipway/testkit';
import { DockerBuildDriver } from './build-driver.js';
import { connectDocker } from './connection.js';

const host = inject('dockerHost');
const labels = { 'io.slipway.test-run': inject('dockerRunLabel') };

/** Runs a throwaway container and returns its stdout, to prove a built image does what its Dockerfile says. */
async function run(image: string, command: string[] | null): Promise<string> {
  const docker = connectDocker({ host });
  const container = await docker.createContainer({ Image: image, ...(command ? { Cmd: command } : {}), Labels: labels });
  try {
    await container.start();
    await container.wait();
    const buf = (await container.logs({ stdout: true, stderr: false, follow: false })) as unknown as Buffer;
    const demux = new LogDemuxer();
    return [...demux.push(Buffer.from(buf)), ...demux.flush()].map((l) => `${l}\n`).join('');
  } finally {
    await container.remove({ force: true });
  }
}

if (host) {
  buildDriverContract(
    'docker',
    async () => ({
      driver: new DockerBuildDriver({ host, labels, repository: `slipway-test-${inject('dockerRunLabel')}` }),
      baseImage: inject('busyboxImage'),
      run,
      unreachableDriver: new DockerBuildDriver({ host: 'unix:///nonexistent/slipway/docker.sock' }),
      // Nothing listens on port 1, so the pull fails fast without leaving the machine.
      missingImage: '127.0.0.1:1/slipway/missing:nope',
    }),
    { dockerImages: true, cancel: true },
  );
} else {
  // Only reachable outside CI (the global setup fails in CI): say why nothing ran instead of passing silently.
  it.skip('runtime-docker build contract: no Docker engine available (set DOCKER_HOST or run as root with dockerd installed)');
}

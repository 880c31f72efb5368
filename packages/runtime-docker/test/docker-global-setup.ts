import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import type { TestProject } from 'vitest/node';
import { busyboxImageContext, findOrStartDockerEngine, IN_CI } from '@slipway/testkit';
import { connectDocker } from '../src/connection.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DOCKER_HOST-style address of the test engine; empty when none is available (outside CI only). */
    dockerHost: string;
    /** Label value marking everything this test run creates, so teardown can remove it. */
    dockerRunLabel: string;
    /** Local busybox image every test runs or builds from. */
    busyboxImage: string;
  }
}

/** The label key tests put on everything (through the drivers' `labels` option). */
export const TEST_LABEL = 'io.slipway.test-run';

async function drain(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => {
      const failed = out?.find((m) => m.error);
      if (err || failed) reject(err ?? new Error(failed!.error));
      else resolve();
    }),
  );
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = await findOrStartDockerEngine();
  const run = randomBytes(4).toString('hex');
  const image = `slipway-test/busybox:${run}`;
  project.provide('dockerRunLabel', run);
  project.provide('busyboxImage', image);
  if (!engine) {
    if (IN_CI) throw new Error('a Docker engine is required in CI');
    project.provide('dockerHost', '');
    return async () => undefined;
  }
  project.provide('dockerHost', engine.host);
  const docker = connectDocker({ host: engine.host });
  // FROM scratch + COPY of a busybox rootfs: a runnable base image without any registry.
  await drain(docker, await docker.buildImage(busyboxImageContext() as never, { t: image, labels: { [TEST_LABEL]: run }, rm: true }));

  return async () => {
    const label = { label: [`${TEST_LABEL}=${run}`] };
    for (const c of await docker.listContainers({ all: true, filters: label })) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    for (const n of await docker.listNetworks({ filters: label })) await docker.getNetwork(n.Id).remove().catch(() => undefined);
    for (const i of await docker.listImages({ filters: label })) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
    await docker.pruneImages({ filters: { dangling: { true: true }, label: [`${TEST_LABEL}=${run}`] } }).catch(() => undefined);
    await engine.stop();
  };
}

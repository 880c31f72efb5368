import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { DockerApi } from '@slipway/kube-fake';
import { IN_CI, busyboxImageContext, findOrStartDockerEngine } from '@slipway/testkit';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DOCKER_HOST-style address of the engine the fake kubelet runs pods on; empty when none (outside CI only). */
    kubeDockerHost: string;
    /** Label value marking this run's containers, networks and image. */
    kubeRunLabel: string;
    /** Local busybox image the pods run. */
    kubeBusyboxImage: string;
  }
}

/** Label key on everything this test run creates on the engine. */
export const TEST_LABEL = 'io.slipway.test-run';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const run = randomBytes(4).toString('hex');
  const image = `slipway-test/kube-busybox:${run}`;
  project.provide('kubeRunLabel', run);
  project.provide('kubeBusyboxImage', image);
  const engine = await findOrStartDockerEngine();
  if (!engine) {
    if (IN_CI) throw new Error('a Docker engine is required in CI (the fake kubelet runs pods on it)');
    project.provide('kubeDockerHost', '');
    return async () => undefined;
  }
  project.provide('kubeDockerHost', engine.host);
  const docker = new DockerApi(engine.host);
  // FROM scratch + COPY of a busybox rootfs: a runnable image without any registry.
  await docker.build(image, busyboxImageContext(), { [TEST_LABEL]: run });

  return async () => {
    const filters = encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${run}`] }));
    const containers = (await docker.call('GET', `/containers/json?all=1&filters=${filters}`)).body as Array<{ Id: string }>;
    for (const c of containers) await docker.call('DELETE', `/containers/${c.Id}?force=1`).catch(() => undefined);
    const networks = (await docker.call('GET', `/networks?filters=${filters}`)).body as Array<{ Id: string }>;
    for (const n of networks) await docker.call('DELETE', `/networks/${n.Id}`).catch(() => undefined);
    await docker.call('DELETE', `/images/${encodeURIComponent(image)}?force=1`).catch(() => undefined);
    await engine.stop();
  };
}

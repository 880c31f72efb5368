import { inject, it } from 'vitest';
import { startKubeFake, type KubeFake } from '@slipway/kube-fake';
import { runtimeDriverContract } from '@slipway/testkit';
import { KubernetesRuntimeDriver } from './runtime-driver.js';

const dockerHost = inject('kubeDockerHost');
const run = inject('kubeRunLabel');
const fast = { probePeriodSeconds: 1, readyTimeoutMs: 40_000, pollIntervalMs: 200, terminationGracePeriodSeconds: 5, labels: { 'io.slipway.test-run': run } };
const unreachable = () =>
  new KubernetesRuntimeDriver({
    kubeconfig: {
      clusters: [{ name: 'nowhere', server: 'http://127.0.0.1:1', skipTLSVerify: true }],
      users: [{ name: 'nobody' }],
      contexts: [{ name: 'nowhere', cluster: 'nowhere', user: 'nobody' }],
      currentContext: 'nowhere',
    },
  });

if (dockerHost) {
  let fake: KubeFake;
  runtimeDriverContract(
    'kubernetes (fake API server, pods on Docker)',
    async () => {
      fake = await startKubeFake({ pods: { docker: dockerHost, labels: { 'io.slipway.test-run': run } } });
      return {
        driver: new KubernetesRuntimeDriver({ kubeconfig: fake.kubeconfig(), namespacePrefix: `t${run}-`, ...fast }),
        image: inject('kubeBusyboxImage'),
        unreachableDriver: unreachable(),
        teardown: () => fake.close(),
      };
    },
    { healthChecks: true, rollingRestart: true, logs: true, memoryLimits: true, networks: true, endpoints: true },
  );
} else {
  // Only reachable outside CI (the global setup fails in CI): say why nothing ran instead of passing silently.
  it.skip('runtime-kubernetes contract on the fake: no Docker engine available to run pods (set DOCKER_HOST or run as root with dockerd installed)');
}

// Against a real cluster: KUBECONFIG names it, SLIPWAY_KUBE_IMAGE an image with busybox applets its nodes can pull.
const realImage = process.env.SLIPWAY_KUBE_IMAGE;
if (process.env.KUBECONFIG && realImage) {
  runtimeDriverContract(
    'kubernetes (real cluster from KUBECONFIG)',
    async () => ({
      driver: new KubernetesRuntimeDriver({ kubeconfig: process.env.KUBECONFIG!.split(':')[0], namespacePrefix: `slwt-${run}-`, ...fast, readyTimeoutMs: 120_000 }),
      image: realImage,
      unreachableDriver: unreachable(),
    }),
    // Endpoints (pod IPs) are reachable only from inside the cluster network, unless SLIPWAY_KUBE_POD_NETWORK=1 says so.
    { healthChecks: true, rollingRestart: true, logs: true, memoryLimits: process.env.SLIPWAY_KUBE_POD_NETWORK === '1', networks: true, endpoints: process.env.SLIPWAY_KUBE_POD_NETWORK === '1' },
  );
}

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContainerBackend } from './backend.js';
import { Controllers } from './controllers.js';
import { DockerBackend } from './docker-backend.js';
import { Kubelet, type KubeletOptions } from './kubelet.js';
import { MetricsApi } from './metrics.js';
import { Registry } from './registry.js';
import { RoutingControllers } from './routing-controllers.js';
import { KubeApiHandler, type RequestRecord } from './server.js';
import { SimulatedBackend } from './simulated-backend.js';
import { ObjectStore } from './store.js';

export { KubeApiError } from './status.js';
export { parseLabelSelector, parseFieldSelector } from './selectors.js';
export { mergePatch, jsonPatch } from './patch.js';
export { DockerApi, DockerApiError } from './docker-api.js';
export { KUBE_FAKE_LABEL } from './docker-backend.js';
export { SimulatedBackend } from './simulated-backend.js';
export { NODE_NAME } from './controllers.js';
export { FAKE_GATEWAY_CONTROLLER, FAKE_INGRESS_ADDRESS } from './routing-controllers.js';
export { METRICS_GROUP, METRICS_VERSION } from './metrics.js';
export { usageFromStats } from './docker-backend.js';
export type { KubeObject, ObjectMeta, OwnerReference } from './objects.js';
export type { RequestRecord } from './server.js';
export type { ContainerBackend, ContainerRun, ContainerInfo, ContainerUsage, LogRecord, ProbeTarget } from './backend.js';
export type { KubeletOptions } from './kubelet.js';

/** How to start the fake API server. */
export interface KubeFakeOptions {
  /**
   * Where pods run: `{ docker: host }` runs each pod as a real container on that engine (so dynos serve, log,
   * crash and hit memory limits for real); `'simulated'` (default) keeps them in memory with test hooks.
   */
  pods?: 'simulated' | { docker: string; labels?: Record<string, string> };
  /** Bearer token clients must send; a random one by default. `null` turns authentication off. */
  token?: string | null;
  /** Kubelet timings (crash back-off, inspection tick). */
  kubelet?: KubeletOptions;
  /** Loopback port to listen on; 0 (default) picks a free one. */
  port?: number;
}

/** The kubeconfig pieces `KubeConfig.loadFromOptions` takes (client-node's own shape, without importing it). */
export interface FakeKubeconfig {
  clusters: Array<{ name: string; server: string; skipTLSVerify: boolean }>;
  users: Array<{ name: string; token?: string }>;
  contexts: Array<{ name: string; cluster: string; user: string }>;
  currentContext: string;
}

/** A running fake Kubernetes API server. */
export interface KubeFake {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  token: string | null;
  registry: Registry;
  /** Requests answered so far (tests count writes with it). */
  requests: RequestRecord[];
  /** The in-memory container runtime when `pods` is `'simulated'` (crash, probe and log hooks); null with Docker. */
  simulated: SimulatedBackend | null;
  /** Sets a delay before every non-streaming request, to widen race windows. */
  setLatency(ms: number): void;
  /** Options for `new KubeConfig().loadFromOptions(...)`. */
  kubeconfig(): FakeKubeconfig;
  /** A kubeconfig file body (JSON is YAML) for `KUBECONFIG` / kubectl. */
  kubeconfigFile(): string;
  /** Stops controllers, the kubelet and the server, and removes every container and network it created. */
  close(): Promise<void>;
}

/**
 * Starts a fake Kubernetes API server on loopback: the REST/JSON wire protocol for namespaces, pods, services,
 * secrets, deployments, replicasets, ingresses and Gateway API HTTPRoutes, with resourceVersion concurrency,
 * watches, a deployment controller, a route-status controller, a kubelet and metrics.k8s.io pod metrics. It is
 * faithful where drivers can tell the difference, and small everywhere else (one node, no RBAC, no admission
 * webhooks, no kube-proxy: a Service is reachable by name on its target port only; no Gateway data plane).
 */
export async function startKubeFake(options: KubeFakeOptions = {}): Promise<KubeFake> {
  const fakeId = randomBytes(3).toString('hex');
  const store = new ObjectStore();
  const registry = new Registry(store);
  const simulated = options.pods === undefined || options.pods === 'simulated' ? new SimulatedBackend() : null;
  const backend: ContainerBackend = simulated ?? new DockerBackend((options.pods as { docker: string }).docker, fakeId, (options.pods as { labels?: Record<string, string> }).labels);
  const kubelet = new Kubelet(registry, backend, options.kubelet);
  const controllers = new Controllers(registry);
  const routing = new RoutingControllers(registry);
  const token = options.token === undefined ? randomBytes(16).toString('hex') : options.token;
  const handler = new KubeApiHandler(registry, kubelet, token, new MetricsApi(registry, kubelet));
  const server: Server = createServer(handler.handle);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  controllers.start();
  routing.start();
  kubelet.start();
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const name = `slipway-fake-${fakeId}`;
  const kubeconfig = (): FakeKubeconfig => ({
    clusters: [{ name, server: url, skipTLSVerify: true }],
    users: [{ name, ...(token ? { token } : {}) }],
    contexts: [{ name, cluster: name, user: name }],
    currentContext: name,
  });
  return {
    url,
    token,
    registry,
    requests: handler.requests,
    simulated,
    setLatency(ms) {
      handler.latencyMs = ms;
    },
    kubeconfig,
    kubeconfigFile() {
      return JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
          users: [{ name, user: token ? { token } : {} }],
          contexts: [{ name, context: { cluster: name, user: name } }],
          'current-context': name,
        },
        null,
        2,
      );
    },
    async close() {
      controllers.stop();
      routing.stop();
      await kubelet.stop();
      handler.closeStreams();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}

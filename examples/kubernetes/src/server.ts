import type { Server } from 'node:http';
import { AddressPolicy, StaticTokenAuthenticator, addons, createPlatform, deploys, webhooks, type DeployOptions, type Platform, type RuntimeEvent, type RuntimeEventSubscription } from '@slipway/core';
import { openMikroOrmStore } from '@slipway/store-mikroorm';
import { streamingSourceFetcher } from '@slipway/sources';
import { PrometheusTelemetry, createLogger, gracefulShutdown, serveKoa, type GracefulServer } from '@slipway/http-koa';
import { kubernetesRuntime, type KubeconfigOptions, type KubernetesRuntimeDriver, type KubernetesRuntimeOptions } from '@slipway/runtime-kubernetes';
import { dockerBuilder } from '@slipway/runtime-docker';
import type { KubernetesHostSettings } from './settings.js';

/** What tests (or embedding code) may add to the environment-derived settings. */
export interface KubernetesHostOverrides {
  /** A kubeconfig object instead of a file (tests point it at the fake API server). */
  kubeconfig?: KubeconfigOptions;
  /** Extra runtime knobs (probe period, timeouts, labels). */
  runtime?: Omit<KubernetesRuntimeOptions, 'kubeconfig'>;
  /** Extra labels on built images (tests use them to clean up). */
  buildLabels?: Record<string, string>;
  /** Deploy tuning (retry intervals). */
  deploys?: DeployOptions;
  /** Receives the runtime's crashed and released events (the host logs them too). */
  onRuntimeEvent?: (e: RuntimeEvent) => void;
}

/** A running controller. */
export interface KubernetesHost {
  platform: Platform;
  runtime: KubernetesRuntimeDriver;
  server: Server;
  /** The server's graceful shutdown (tracking began before the first request); `/ready` answers 503 once it starts. */
  graceful: GracefulServer;
  url: string;
  /** Closes the listener, then the runtime watch, the platform (jobs, store) and the runtime; after a drain, the rest. */
  close(): Promise<void>;
}

/**
 * Composes the PostgreSQL store, the Kubernetes runtime (and a Docker build driver when one is configured) and
 * the koa API. Several replicas of this host can run against one database and one cluster: durable jobs are
 * claimed through the store, and the runtime's writes are optimistic on resourceVersion, so they never fight.
 */
export async function startKubernetesHost(settings: KubernetesHostSettings, overrides: KubernetesHostOverrides = {}): Promise<KubernetesHost> {
  const logger = createLogger(settings.logLevel ? { level: settings.logLevel } : {});
  const runtime = kubernetesRuntime({
    ...(overrides.kubeconfig ? { kubeconfig: overrides.kubeconfig } : settings.kubeconfig ? { kubeconfig: settings.kubeconfig } : {}),
    ...(settings.namespacePrefix !== undefined ? { namespacePrefix: settings.namespacePrefix } : {}),
    ...(settings.imagePullSecrets ? { imagePullSecrets: settings.imagePullSecrets } : {}),
    ...(settings.readyTimeoutSeconds ? { readyTimeoutMs: settings.readyTimeoutSeconds * 1000 } : {}),
    ...overrides.runtime,
  });
  const builder = settings.buildDockerHost
    ? dockerBuilder({ host: settings.buildDockerHost, ...(settings.imageRepository ? { repository: settings.imageRepository } : {}), ...(overrides.buildLabels ? { labels: overrides.buildLabels } : {}) })
    : undefined;
  const store = await openMikroOrmStore({ url: settings.databaseUrl });
  // One registry for the platform's job and HTTP series and the /metrics endpoint that serves them.
  const telemetry = new PrometheusTelemetry();
  const platform = await createPlatform({
    store,
    telemetry,
    // Failed jobs and deliveries are logged once each, through the same redacting logger.
    logger,
    authenticator: new StaticTokenAuthenticator([
      { token: settings.token, principal: { id: '5c1f0a7e-0000-4000-8000-000000000001', username: settings.username, email: `${settings.username}@localhost`, roles: ['admin'] } },
    ]),
    catalog: settings.appsDomain ? { appsDomain: settings.appsDomain } : {},
    // Hooks and addon records are served as before; with no sender or brokers, deliveries wait and catalogs are empty.
    modules: [deploys({ ...overrides.deploys, runtime, ...(builder ? { builder } : {}), sourceFetcher: streamingSourceFetcher({ policy: new AddressPolicy() }) }), addons({ brokers: [] }), webhooks()],
  });
  await platform.start();
  // The core does not consume runtime events yet; the host records them so operators see crashes as they happen.
  let events: RuntimeEventSubscription | null = null;
  try {
    events = await runtime.watchEvents((e) => {
      if (e.kind === 'crashed') logger.warn({ app: e.app.name, space: e.space.name, code: e.code, dynos: e.dynos, restarts: e.restarts }, `app crashed: ${e.description}`);
      else logger.info({ app: e.app.name, space: e.space.name, image: e.slug.image, release: e.release?.version }, 'released');
      overrides.onRuntimeEvent?.(e);
    });
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'not watching runtime events (the cluster refused the watch)');
  }
  // The static principal is an `admin`, never an `owner`, so the default rule is this host's own token rather than 'owner'.
  const metricsAccess = settings.metricsAccess ?? { token: settings.token };
  const server = await serveKoa(platform, { port: settings.port, ...(settings.host ? { host: settings.host } : {}), logger, telemetry, metricsAccess });
  // Tracked before the first request (connections arrive as later events), so a drain knows every request in flight.
  const graceful = gracefulShutdown(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  return {
    platform,
    runtime,
    server,
    graceful,
    url: `http://localhost:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await events?.close();
      await platform.close();
      await runtime.close();
    },
  };
}

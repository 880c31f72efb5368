import { stat } from 'node:fs/promises';
import type { DockerBuildDriver, DockerRuntimeDriver } from '@slipway/runtime-docker';

/** The Docker drivers of the embedded host, when an engine answers. */
export interface DockerDrivers {
  host: string;
  runtime: DockerRuntimeDriver;
  builder: DockerBuildDriver;
}

/** Options of `detectDocker`. */
export interface DockerDetectOptions {
  /** Engine address; DOCKER_HOST, then the default socket, when absent. */
  host?: string;
  /** Address published web ports bind to; 127.0.0.1 by default. */
  publishHost?: string;
  /** Repository built images are tagged into. */
  repository?: string;
  /** How long to wait for the engine's ping. */
  timeoutMs?: number;
  /** Extra labels on everything created (tests use them to clean up). */
  labels?: Record<string, string>;
  /** Prefix of the per-space networks. */
  networkPrefix?: string;
  /** Seconds a removed dyno gets to exit. */
  stopTimeoutSeconds?: number;
  /** Health check interval in ms. */
  healthIntervalMs?: number;
}

/**
 * Docker drivers when an engine answers on `host` (or DOCKER_HOST, or /var/run/docker.sock); null otherwise, so the
 * host still serves the API and deploy operations answer 503.
 */
export async function detectDocker(options: DockerDetectOptions = {}): Promise<DockerDrivers | null> {
  const host = options.host ?? process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  // No socket file, no engine: answered without loading the Docker client, which costs a few hundred ms at start-up.
  const socketPath = host.startsWith('unix://') ? host.slice('unix://'.length) : host.startsWith('/') ? host : null;
  if (socketPath && !(await stat(socketPath).then(() => true, () => false))) return null;
  const { connectDocker, dockerBuilder, dockerRuntime } = await import('@slipway/runtime-docker');
  try {
    const docker = connectDocker({ host, timeoutMs: options.timeoutMs ?? 2000 });
    await docker.ping();
  } catch {
    return null;
  }
  return {
    host,
    runtime: dockerRuntime({
      host,
      publishHost: options.publishHost ?? '127.0.0.1',
      ...(options.labels ? { labels: options.labels } : {}),
      ...(options.networkPrefix ? { prefix: options.networkPrefix } : {}),
      ...(options.stopTimeoutSeconds ? { stopTimeoutSeconds: options.stopTimeoutSeconds } : {}),
      ...(options.healthIntervalMs ? { healthIntervalMs: options.healthIntervalMs } : {}),
    }),
    builder: dockerBuilder({ host, ...(options.repository ? { repository: options.repository } : {}), ...(options.labels ? { labels: options.labels } : {}) }),
  };
}

import { randomBytes } from 'node:crypto';
import { operationsFromEnv, type OperationsSettings } from '@slipway/http-koa';

/**
 * Settings of the Kubernetes host, read from the environment by `fromEnv`. `metricsAccess` unset: `/metrics` takes
 * this host's own SLIPWAY_TOKEN (its principal is an `admin`, which the `owner` rule would refuse).
 */
export interface KubernetesHostSettings extends OperationsSettings {
  port: number;
  host?: string;
  /** PostgreSQL URL: replicas of this controller share it (jobs are claimed with SKIP LOCKED). */
  databaseUrl: string;
  token: string;
  tokenGenerated: boolean;
  username: string;
  appsDomain?: string;
  logLevel?: string;
  /** Kubeconfig file; unset means the client's search: KUBECONFIG, ~/.kube/config, then the pod's service account. */
  kubeconfig?: string;
  /** Prefix of the space namespaces (`slipway-` by default). */
  namespacePrefix?: string;
  /** Docker engine that builds slugs (BUILD_DOCKER_HOST); without it builds answer 503. */
  buildDockerHost?: string;
  /** Repository built images are tagged into; the cluster must be able to pull from it. */
  imageRepository?: string;
  /** Image pull secrets (comma-separated names) each space namespace must hold. */
  imagePullSecrets?: string[];
  /** Seconds a rollout may take before converge reports dynos as not ready. */
  readyTimeoutSeconds?: number;
}

/**
 * Reads PORT, HOST, DATABASE_URL (PostgreSQL, required), SLIPWAY_TOKEN, SLIPWAY_USER, SLIPWAY_APPS_DOMAIN, LOG_LEVEL,
 * KUBECONFIG, SLIPWAY_NAMESPACE_PREFIX, BUILD_DOCKER_HOST, SLIPWAY_IMAGE_REPOSITORY, SLIPWAY_IMAGE_PULL_SECRETS and
 * SLIPWAY_READY_TIMEOUT_SECONDS, and as every host does, SLIPWAY_METRICS_TOKEN, SLIPWAY_METRICS_PUBLIC and
 * SLIPWAY_READY_GRACE_MS.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): KubernetesHostSettings {
  const port = Number(env.PORT ?? 5000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const databaseUrl = env.DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must be a postgres:// URL: controller replicas share one PostgreSQL database');
  const token = env.SLIPWAY_TOKEN?.trim();
  const ready = env.SLIPWAY_READY_TIMEOUT_SECONDS ? Number(env.SLIPWAY_READY_TIMEOUT_SECONDS) : undefined;
  if (ready !== undefined && (!Number.isFinite(ready) || ready <= 0)) throw new Error('SLIPWAY_READY_TIMEOUT_SECONDS must be a positive number');
  return {
    port,
    ...(env.HOST ? { host: env.HOST } : {}),
    databaseUrl,
    token: token || randomBytes(24).toString('hex'),
    tokenGenerated: !token,
    username: env.SLIPWAY_USER ?? 'admin',
    ...(env.SLIPWAY_APPS_DOMAIN ? { appsDomain: env.SLIPWAY_APPS_DOMAIN } : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
    ...(env.KUBECONFIG ? { kubeconfig: env.KUBECONFIG.split(':')[0] } : {}),
    ...(env.SLIPWAY_NAMESPACE_PREFIX !== undefined ? { namespacePrefix: env.SLIPWAY_NAMESPACE_PREFIX } : {}),
    ...(env.BUILD_DOCKER_HOST ? { buildDockerHost: env.BUILD_DOCKER_HOST } : {}),
    ...(env.SLIPWAY_IMAGE_REPOSITORY ? { imageRepository: env.SLIPWAY_IMAGE_REPOSITORY } : {}),
    ...(env.SLIPWAY_IMAGE_PULL_SECRETS ? { imagePullSecrets: env.SLIPWAY_IMAGE_PULL_SECRETS.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    ...(ready !== undefined ? { readyTimeoutSeconds: ready } : {}),
    ...operationsFromEnv(env),
  };
}

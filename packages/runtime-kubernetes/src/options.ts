import type { KubeConfig } from '@kubernetes/client-node';
import { ValidationError } from '@slipway/core';
import { loadKubeConfig as loadFrom, type KubeConfigSource } from '@slipway/kube-kit';

/** The kubeconfig pieces `KubeConfig.loadFromOptions` takes. */
export type { KubeconfigOptions } from '@slipway/kube-kit';

/** Options of the Kubernetes runtime driver. */
export interface KubernetesRuntimeOptions {
  /**
   * Where the cluster is: a loaded KubeConfig, `loadFromOptions` input, or a kubeconfig file path. Default: the
   * client's usual search (KUBECONFIG, ~/.kube/config, then the in-cluster service account).
   */
  kubeconfig?: KubeConfigSource;
  /** Context to use from the kubeconfig; its current context by default. */
  context?: string;
  /** Namespace name prefix (`<prefix><space>`); default `slipway-`, which keeps spaces clear of system namespaces. */
  namespacePrefix?: string;
  /** How long converge and restart wait for new dynos to be ready; default 120 s. */
  readyTimeoutMs?: number;
  /** How often converge polls pods while waiting; default 500 ms. */
  pollIntervalMs?: number;
  /** How long a new dyno must stay ready before it counts (Deployment `minReadySeconds`); default 1. */
  minReadySeconds?: number;
  /** Readiness probe period; default 5 s (tests use 1). */
  probePeriodSeconds?: number;
  /** How long a web dyno may take to listen before its liveness probe restarts it (and H20 fires); default 60 s. */
  bootTimeoutSeconds?: number;
  /** Seconds a dyno gets between SIGTERM and SIGKILL; default 30. */
  terminationGracePeriodSeconds?: number;
  /** Old ReplicaSets kept per Deployment; default 3. */
  revisionHistoryLimit?: number;
  /** Secrets (in each space namespace) to pull images with. */
  imagePullSecrets?: string[];
  /** Extra labels on everything the driver creates (e.g. a test run id). */
  labels?: Record<string, string>;
  /** `fieldManager` recorded on writes; default `slipway`. */
  fieldManager?: string;
}

/** Loads the KubeConfig the options point at. */
export function loadKubeConfig(options: KubernetesRuntimeOptions): KubeConfig {
  return loadFrom(options.kubeconfig, options.context, 'kubeconfig');
}

/** Checks numeric options, so a typo fails at start-up rather than as a hung rollout. */
export function checkOptions(options: KubernetesRuntimeOptions): void {
  const positive = ['readyTimeoutMs', 'pollIntervalMs', 'probePeriodSeconds', 'bootTimeoutSeconds'] as const;
  for (const key of positive) {
    const v = options[key];
    if (v !== undefined && (!Number.isFinite(v) || v <= 0)) throw new ValidationError(`${key} must be a positive number`, key);
  }
  for (const key of ['terminationGracePeriodSeconds', 'revisionHistoryLimit', 'minReadySeconds'] as const) {
    const v = options[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new ValidationError(`${key} must be a non-negative integer`, key);
  }
  if (options.namespacePrefix !== undefined && !/^[a-z0-9-]{0,20}$/.test(options.namespacePrefix)) {
    throw new ValidationError('namespacePrefix must be at most 20 lowercase letters, digits or dashes', 'namespacePrefix');
  }
}

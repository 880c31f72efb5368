import type { KubeConfig } from '@kubernetes/client-node';
import { ValidationError } from '@slipway/core';
import { loadKubeConfig as loadFrom, type KubeConfigSource } from '@slipway/kube-kit';

/** The kubeconfig pieces `KubeConfig.loadFromOptions` takes. */
export type { KubeconfigOptions } from '@slipway/kube-kit';

/** Options every Kubernetes router shares. */
export interface KubernetesRouterOptions {
  /**
   * Where the cluster is: a loaded KubeConfig, `loadFromOptions` input, or a kubeconfig file path. Default: the
   * client's usual search (KUBECONFIG, ~/.kube/config, then the in-cluster service account).
   */
  kubeConfig?: KubeConfigSource;
  /** Context to use from the kubeconfig; its current context by default. */
  context?: string;
  /** Namespace prefix of spaces; must equal the runtime driver's (`slipway-` there and here by default). */
  namespacePrefix?: string;
  /**
   * Namespace of the certificates' `kubernetes.io/tls` Secrets. Gateway API: default the Gateway's namespace,
   * where its listeners can reference them without a ReferenceGrant. Ingress: default `slipway-system` (copies go
   * next to each Ingress that uses one, since an Ingress only reads Secrets of its own namespace).
   */
  certificateNamespace?: string;
  /** Extra labels on everything the router creates (e.g. a test run id). */
  labels?: Record<string, string>;
  /** `fieldManager` recorded on writes; default `slipway`. */
  fieldManager?: string;
}

/** Loads the KubeConfig the options point at. */
export function loadKubeConfig(options: KubernetesRouterOptions): KubeConfig {
  return loadFrom(options.kubeConfig, options.context, 'kubeConfig');
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Checks the shared options, so a typo fails at start-up rather than on the first route. */
export function checkRouterOptions(options: KubernetesRouterOptions): void {
  if (options.namespacePrefix !== undefined && !/^[a-z0-9-]{0,20}$/.test(options.namespacePrefix)) {
    throw new ValidationError('namespacePrefix must be at most 20 lowercase letters, digits or dashes', 'namespacePrefix');
  }
  if (options.certificateNamespace !== undefined && !DNS1123_LABEL.test(options.certificateNamespace)) {
    throw new ValidationError('certificateNamespace must be a namespace name', 'certificateNamespace');
  }
}

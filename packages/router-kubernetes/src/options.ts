import { KubeConfig } from '@kubernetes/client-node';
import { ValidationError } from '@slipway/core';

/** The kubeconfig pieces `KubeConfig.loadFromOptions` takes. */
export interface KubeconfigOptions {
  clusters: Array<{ name: string; server: string; skipTLSVerify?: boolean; caData?: string; caFile?: string }>;
  users: Array<{ name: string; token?: string; certData?: string; keyData?: string }>;
  contexts: Array<{ name: string; cluster: string; user: string; namespace?: string }>;
  currentContext: string;
}

/** Options every Kubernetes router shares. */
export interface KubernetesRouterOptions {
  /**
   * Where the cluster is: a loaded KubeConfig, `loadFromOptions` input, or a kubeconfig file path. Default: the
   * client's usual search (KUBECONFIG, ~/.kube/config, then the in-cluster service account).
   */
  kubeConfig?: KubeConfig | KubeconfigOptions | string;
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
  const source = options.kubeConfig;
  let kc: KubeConfig;
  if (source instanceof KubeConfig) kc = source;
  else {
    kc = new KubeConfig();
    if (typeof source === 'string') kc.loadFromFile(source);
    else if (source) kc.loadFromOptions(source);
    else kc.loadFromDefault();
  }
  if (options.context) kc.setCurrentContext(options.context);
  if (!kc.getCurrentCluster()) throw new ValidationError('the kubeconfig names no current cluster', 'kubeConfig');
  return kc;
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

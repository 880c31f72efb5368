import { KubeConfig } from '@kubernetes/client-node';
import { ValidationError } from '@slipway/core';

/** The kubeconfig pieces `KubeConfig.loadFromOptions` takes. */
export interface KubeconfigOptions {
  clusters: Array<{ name: string; server: string; skipTLSVerify?: boolean; caData?: string; caFile?: string }>;
  users: Array<{ name: string; token?: string; certData?: string; keyData?: string }>;
  contexts: Array<{ name: string; cluster: string; user: string; namespace?: string }>;
  currentContext: string;
}

/** Where a cluster is: a loaded KubeConfig, `loadFromOptions` input, or a kubeconfig file path. */
export type KubeConfigSource = KubeConfig | KubeconfigOptions | string;

/**
 * Loads the KubeConfig `source` points at (default: the client's usual search, KUBECONFIG, ~/.kube/config, then
 * the in-cluster service account) and switches to `context` when given. `field` names the adapter's option in the
 * error, since the two adapters spell it differently.
 */
export function loadKubeConfig(source: KubeConfigSource | undefined, context: string | undefined, field: string): KubeConfig {
  let kc: KubeConfig;
  if (source instanceof KubeConfig) kc = source;
  else {
    kc = new KubeConfig();
    if (typeof source === 'string') kc.loadFromFile(source);
    else if (source) kc.loadFromOptions(source);
    else kc.loadFromDefault();
  }
  if (context) kc.setCurrentContext(context);
  if (!kc.getCurrentCluster()) throw new ValidationError('the kubeconfig names no current cluster', field);
  return kc;
}

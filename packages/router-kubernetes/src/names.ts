import { appServiceName, digest, spaceNamespace } from '@slipway/kube-kit';

/** Shared with the runtime driver, so both name and label objects alike. */
export { MANAGER, digest, labelValue } from '@slipway/kube-kit';

/** Label and annotation keys the router writes (`app.kubernetes.io/managed-by` is the one tools understand). */
export const KEYS = {
  managedBy: 'app.kubernetes.io/managed-by',
  component: 'app.kubernetes.io/component',
  /** Label: which router adapter owns the object (`gateway-api` or `ingress`), so `hosts()` lists only its own. */
  router: 'slipway.io/router',
  /** Label: the host name (label-safe form), to find every object of one host across namespaces. */
  hostKey: 'slipway.io/host-key',
  /** Label: the certificate (label-safe id) a TLS Secret holds. */
  certificateKey: 'slipway.io/certificate-key',
  /** Annotation: the exact host name. */
  host: 'slipway.io/host',
  /** Annotation: the exact certificate id. */
  certificateId: 'slipway.io/certificate-id',
  /** Annotation: the JSON array of domains a certificate covers. */
  domains: 'slipway.io/domains',
  /** Annotation: set while the host's apps are in maintenance. */
  maintenance: 'slipway.io/maintenance',
} as const;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The namespace of a space, `<prefix><space name>`: the runtime driver's rule, from the kit both share. */
export function namespaceName(prefix: string, space: string): string {
  return spaceNamespace(prefix, space);
}

/** The app's web Service, as the runtime driver names it (Service names must start with a letter). */
export function serviceName(app: string): string {
  return appServiceName(app);
}

/** The route object (HTTPRoute or Ingress) of a host in one namespace: the host itself when it is a valid name. */
export function routeObjectName(host: string): string {
  return host.length <= 253 && DNS1123_SUBDOMAIN.test(host) ? host : `host-${digest(host, 32)}`;
}

/** The `kubernetes.io/tls` Secret of a certificate, named by its id (stable across replicas and renewals). */
export function certificateSecretName(id: string): string {
  return `slipway-tls-${digest(id, 20)}`;
}

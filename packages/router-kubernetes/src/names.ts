import { createHash } from 'node:crypto';

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

/** Value of `app.kubernetes.io/managed-by` on everything Slipway creates (the runtime driver uses the same). */
export const MANAGER = 'slipway';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Short hex digest, for names that must be equal on every controller replica. */
export function digest(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** A label-safe form of a value: verbatim when valid, else a digest, so selectors always work. */
export function labelValue(value: string): string {
  return value.length <= 63 && LABEL_VALUE.test(value) ? value : `h-${digest(value, 40)}`;
}

/** DNS-1123 label from arbitrary text (the runtime driver's rule for namespace names). */
function dnsLabel(text: string, max = 63): string {
  const clean = text.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  return clean.slice(0, max).replace(/-+$/, '') || digest(text, 8);
}

/**
 * The namespace of a space, `<prefix><space name>`: the same rule as `@slipway/runtime-kubernetes`, which this
 * package may not import (adapters meet only in a host app), so it is repeated here and must stay equal.
 */
export function namespaceName(prefix: string, space: string): string {
  return dnsLabel(`${prefix}${space}`);
}

/** The app's web Service, as the runtime driver names it (Service names must start with a letter). */
export function serviceName(app: string): string {
  return /^[a-z]/.test(app) ? app : `app-${app}`;
}

/** The route object (HTTPRoute or Ingress) of a host in one namespace: the host itself when it is a valid name. */
export function routeObjectName(host: string): string {
  return host.length <= 253 && DNS1123_SUBDOMAIN.test(host) ? host : `host-${digest(host, 32)}`;
}

/** The `kubernetes.io/tls` Secret of a certificate, named by its id (stable across replicas and renewals). */
export function certificateSecretName(id: string): string {
  return `slipway-tls-${digest(id, 20)}`;
}

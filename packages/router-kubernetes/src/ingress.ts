import { canonicalJson } from '@slipway/driver-kit';
import { ownsSame, type Manifest } from '@slipway/kube-kit';
import type { NamespaceGroup } from './host-plan.js';
import { KEYS, routeObjectName } from './names.js';

/** What an Ingress path sends traffic to while its app is in maintenance (a Service that need not exist). */
export interface MaintenanceBackend {
  service: string;
  port: number;
}

/**
 * The Ingress of one host in one namespace: one rule for the host, one `pathType: Prefix` path per route to the
 * app's web Service, and `spec.tls` naming the certificate Secret when one covers the host. Ingress has no
 * portable rewrite (the controllers' annotations apply to a whole object), so routes whose target_path differs
 * from their path are refused before this is built.
 */
export function ingress(host: string, group: NamespaceGroup, ingressClassName: string, maintenance: MaintenanceBackend, tlsSecret: string | null, labels: Record<string, string>, annotations: Record<string, string>): Manifest {
  const paths = group.paths.map((p) => {
    const to = p.maintenance ? maintenance : { service: p.service, port: p.port };
    return { path: p.path, pathType: 'Prefix', backend: { service: { name: to.service, port: { number: to.port } } } };
  });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: routeObjectName(host), namespace: group.namespace, labels, annotations },
    spec: {
      ingressClassName,
      rules: [{ host, http: { paths } }],
      ...(tlsSecret ? { tls: [{ hosts: [host], secretName: tlsSecret }] } : {}),
    },
  };
}

/** The merge patch bringing a live Ingress to `desired` (owned fields only), or null when it already matches. */
export function ingressPatch(current: Manifest, desired: Manifest): Manifest | null {
  const spec = (m: Manifest) => canonicalJson({ ingressClassName: m.spec?.ingressClassName, rules: m.spec?.rules, tls: m.spec?.tls?.length ? m.spec.tls : undefined });
  const same = spec(current) === spec(desired) && ownsSame(current.metadata?.labels, desired.metadata.labels) && ownsSame(current.metadata?.annotations, desired.metadata.annotations);
  if (same) return null;
  const annotations = { ...desired.metadata.annotations, ...(current.metadata?.annotations?.[KEYS.maintenance] && !desired.metadata.annotations[KEYS.maintenance] ? { [KEYS.maintenance]: null } : {}) };
  // `tls: null` removes a certificate reference that no longer applies.
  return { metadata: { resourceVersion: current.metadata?.resourceVersion, labels: desired.metadata.labels, annotations }, spec: { ...desired.spec, tls: desired.spec.tls ?? null } };
}

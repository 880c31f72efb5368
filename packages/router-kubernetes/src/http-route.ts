import { canonicalJson } from '@slipway/driver-kit';
import { ownsSame, type Manifest } from '@slipway/kube-kit';
import type { NamespaceGroup } from './host-plan.js';
import { KEYS, routeObjectName } from './names.js';

/** The Gateway (listener) HTTPRoutes attach to; the platform team owns it, the router only references it. */
export interface ParentRef {
  name: string;
  namespace: string;
  /** A listener of the Gateway, e.g. `https`; every listener that allows the route by default. */
  sectionName?: string;
}

/** Gateway API group and version served by the CRDs (GA since Gateway API v1.0). */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** The one version the router writes. */
export const GATEWAY_VERSION = 'v1';
/** URL plural of HTTPRoute. */
export const HTTPROUTES = 'httproutes';

/** Gateway API caps `spec.rules` at 16 per HTTPRoute. */
export const MAX_RULES = 16;

/**
 * The HTTPRoute of one host in one namespace. Every field the CRD would default is written out (parentRef group
 * and kind, backendRef group, kind and weight), so the object read back equals the one sent and a re-converge
 * finds nothing to patch. One rule per path: a PathPrefix match, a URLRewrite ReplacePrefixMatch filter when the
 * app sees another prefix, and a backendRef to the app's web Service; a rule without backendRefs (maintenance)
 * makes the Gateway answer 503, as the Gateway API specifies.
 */
export function httpRoute(host: string, group: NamespaceGroup, parent: ParentRef, labels: Record<string, string>, annotations: Record<string, string>): Manifest {
  const rules = group.paths.map((p) => ({
    matches: [{ path: { type: 'PathPrefix', value: p.path } }],
    ...(p.target_path !== p.path ? { filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: p.target_path } } }] } : {}),
    ...(p.maintenance ? {} : { backendRefs: [{ group: '', kind: 'Service', name: p.service, port: p.port, weight: 1 }] }),
  }));
  return {
    apiVersion: `${GATEWAY_GROUP}/${GATEWAY_VERSION}`,
    kind: 'HTTPRoute',
    metadata: { name: routeObjectName(host), namespace: group.namespace, labels, annotations },
    spec: {
      parentRefs: [{ group: GATEWAY_GROUP, kind: 'Gateway', name: parent.name, namespace: parent.namespace, ...(parent.sectionName ? { sectionName: parent.sectionName } : {}) }],
      hostnames: [host],
      rules,
    },
  };
}

/** The merge patch bringing a live HTTPRoute to `desired` (owned fields only), or null when it already matches. */
export function httpRoutePatch(current: Manifest, desired: Manifest): Manifest | null {
  const spec = (m: Manifest) => canonicalJson({ parentRefs: m.spec?.parentRefs, hostnames: m.spec?.hostnames, rules: m.spec?.rules });
  const same = spec(current) === spec(desired) && ownsSame(current.metadata?.labels, desired.metadata.labels) && ownsSame(current.metadata?.annotations, desired.metadata.annotations);
  if (same) return null;
  // A maintenance flag that went away must be removed explicitly: merge patch deletes a key sent as null.
  const annotations = { ...desired.metadata.annotations, ...(current.metadata?.annotations?.[KEYS.maintenance] && !desired.metadata.annotations[KEYS.maintenance] ? { [KEYS.maintenance]: null } : {}) };
  return { metadata: { resourceVersion: current.metadata?.resourceVersion, labels: desired.metadata.labels, annotations }, spec: desired.spec };
}

/** One REST resource the fake serves. */
export interface ResourceType {
  /** URL plural, e.g. `deployments`. */
  plural: string;
  kind: string;
  /** API group, '' for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  /** Kinds whose status is a subresource (writes to the object keep the stored status). */
  hasStatus: boolean;
  /** Kinds whose `metadata.generation` starts at 1 and counts spec changes. */
  generation?: boolean;
  /** What a DELETE answers with: the object itself or a `Status` (as the real server does per kind). */
  deleteReturnsObject: boolean;
}

/** The stored kinds the Kubernetes drivers use, served at their real paths (metrics.k8s.io is computed: see metrics.ts). */
export const RESOURCES: ResourceType[] = [
  { plural: 'namespaces', kind: 'Namespace', group: '', version: 'v1', namespaced: false, hasStatus: true, deleteReturnsObject: true },
  { plural: 'pods', kind: 'Pod', group: '', version: 'v1', namespaced: true, hasStatus: true, deleteReturnsObject: true },
  { plural: 'services', kind: 'Service', group: '', version: 'v1', namespaced: true, hasStatus: true, deleteReturnsObject: true },
  { plural: 'secrets', kind: 'Secret', group: '', version: 'v1', namespaced: true, hasStatus: false, deleteReturnsObject: false },
  { plural: 'deployments', kind: 'Deployment', group: 'apps', version: 'v1', namespaced: true, hasStatus: true, generation: true, deleteReturnsObject: false },
  { plural: 'replicasets', kind: 'ReplicaSet', group: 'apps', version: 'v1', namespaced: true, hasStatus: true, generation: true, deleteReturnsObject: false },
  { plural: 'ingresses', kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', namespaced: true, hasStatus: true, generation: true, deleteReturnsObject: false },
  // A custom resource (the Gateway API CRDs), served the way the API server serves CRDs with a status subresource.
  { plural: 'httproutes', kind: 'HTTPRoute', group: 'gateway.networking.k8s.io', version: 'v1', namespaced: true, hasStatus: true, generation: true, deleteReturnsObject: true },
];

/** `apiVersion` of a resource (`v1`, `apps/v1`). */
export function apiVersionOf(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Looks a resource up by group and plural. */
export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

/** Looks a resource up by plural alone (plurals are unique among the served kinds). */
export function resource(plural: string): ResourceType {
  const r = RESOURCES.find((x) => x.plural === plural);
  if (!r) throw new Error(`unknown resource ${plural}`);
  return r;
}

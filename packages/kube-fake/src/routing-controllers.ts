import { canonicalJson } from '@slipway/driver-kit';
import { nowTimestamp, type KubeObject } from './objects.js';
import type { Registry } from './registry.js';
import { resource } from './resources.js';
import { KubeApiError } from './status.js';
import type { StoreEvent } from './store.js';

/** `controllerName` the fake's Gateway controller writes into `HTTPRoute.status.parents[]`. */
export const FAKE_GATEWAY_CONTROLLER = 'gateway.slipway.io/kube-fake';

/** Address the fake's ingress controller publishes in `Ingress.status.loadBalancer`. */
export const FAKE_INGRESS_ADDRESS = '127.0.0.1';

const HTTPROUTES = resource('httproutes');
const INGRESSES = resource('ingresses');

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Condition = { type: string; status: 'True' | 'False'; reason: string; message: string; observedGeneration?: number; lastTransitionTime?: string };

function keepTransition(previous: Condition[] | undefined, next: Condition): Condition {
  const before = previous?.find((c) => c.type === next.type);
  return { ...next, lastTransitionTime: before && before.status === next.status ? before.lastTransitionTime : nowTimestamp() };
}

/**
 * A tiny Gateway API and ingress controller. For every HTTPRoute it writes `status.parents[]` per parentRef:
 * `Accepted` (always True: the fake has no Gateway objects, so every listener accepts every route) and
 * `ResolvedRefs` (False with `BackendNotFound` when a backend Service is missing, `RefNotPermitted` for a
 * cross-namespace backend, since no ReferenceGrant is served), each with the route's `observedGeneration`.
 * Ingresses get `status.loadBalancer.ingress`. Status is written through the status subresource, so a route's
 * resourceVersion moves when its status changes, as on a real cluster.
 */
export class RoutingControllers {
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly registry: Registry) {}

  start(): void {
    this.unsubscribe = this.registry.store.subscribe((e) => this.onEvent(e));
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private onEvent(e: StoreEvent): void {
    // Deferred: the write that raised the event must finish (and answer its client) first.
    if (e.plural === 'httproutes' && e.type !== 'DELETED') setImmediate(() => this.guard(() => this.syncRoute(e.object.metadata.namespace!, e.object.metadata.name)));
    if (e.plural === 'ingresses' && e.type !== 'DELETED') setImmediate(() => this.guard(() => this.syncIngress(e.object.metadata.namespace!, e.object.metadata.name)));
    // A Service appearing or going changes whether routes' backends resolve.
    if (e.plural === 'services' && (e.type === 'ADDED' || e.type === 'DELETED')) {
      const ns = e.object.metadata.namespace!;
      setImmediate(() => {
        for (const r of this.registry.store.list('httproutes', ns)) this.guard(() => this.syncRoute(ns, r.metadata.name));
      });
    }
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // A vanished object or a concurrent write: the next event brings the route back here.
      if (!(err instanceof KubeApiError)) throw err;
    }
  }

  private resolved(ns: string, route: KubeObject): Omit<Condition, 'lastTransitionTime'> {
    for (const rule of ((route.spec?.rules as Loose[] | undefined) ?? [])) {
      for (const b of ((rule.backendRefs as Loose[] | undefined) ?? [])) {
        if (b.group !== '' || b.kind !== 'Service') return { type: 'ResolvedRefs', status: 'False', reason: 'InvalidKind', message: `backend kind ${String(b.kind)} is not supported` };
        if (b.namespace && b.namespace !== ns) return { type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted', message: `no ReferenceGrant allows a backend in namespace ${String(b.namespace)}` };
        if (!this.registry.store.get('services', ns, b.name)) return { type: 'ResolvedRefs', status: 'False', reason: 'BackendNotFound', message: `service "${String(b.name)}" not found` };
      }
    }
    return { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Resolved all the Object references for the Route' };
  }

  private syncRoute(ns: string, name: string): void {
    const route = this.registry.store.get('httproutes', ns, name);
    if (!route || route.metadata.deletionTimestamp) return;
    const generation = route.metadata.generation;
    const previous = (route.status?.parents as Loose[] | undefined) ?? [];
    const resolved = this.resolved(ns, route);
    const parents = ((route.spec?.parentRefs as Loose[] | undefined) ?? []).map((ref) => {
      const parentRef = { group: ref.group, kind: ref.kind, name: ref.name, namespace: ref.namespace ?? ns, ...(ref.sectionName ? { sectionName: ref.sectionName } : {}), ...(ref.port ? { port: ref.port } : {}) };
      const before = previous.find((p) => canonicalJson(p.parentRef) === canonicalJson(parentRef))?.conditions as Condition[] | undefined;
      const conditions = [
        keepTransition(before, { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route is accepted', observedGeneration: generation }),
        keepTransition(before, { ...resolved, observedGeneration: generation }),
      ];
      return { parentRef, controllerName: FAKE_GATEWAY_CONTROLLER, conditions };
    });
    const status = { parents };
    if (canonicalJson(route.status ?? {}) === canonicalJson(status)) return;
    this.registry.update(HTTPROUTES, ns, name, { ...route, status }, 'status');
  }

  private syncIngress(ns: string, name: string): void {
    const ing = this.registry.store.get('ingresses', ns, name);
    if (!ing || ing.metadata.deletionTimestamp) return;
    const status = { loadBalancer: { ingress: [{ ip: FAKE_INGRESS_ADDRESS }] } };
    if (canonicalJson(ing.status ?? {}) === canonicalJson(status)) return;
    this.registry.update(INGRESSES, ns, name, { ...ing, status }, 'status');
  }
}

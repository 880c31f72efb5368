import { ConflictError } from '@slipway/core';
import { reconcile, type Manifest, type WriteOutcome } from '@slipway/kube-kit';
import { kube, kubeOrNull } from './errors.js';
import type { NamespaceGroup } from './host-plan.js';
import { KEYS, MANAGER, labelValue } from './names.js';

/** The API calls of one route kind (HTTPRoute through CustomObjectsApi, Ingress through NetworkingV1Api). */
export interface RouteKindApi {
  /** Lowercase kind for messages, e.g. `httproute`. */
  kind: string;
  read(namespace: string, name: string): Promise<Manifest>;
  create(namespace: string, body: Manifest): Promise<unknown>;
  patch(namespace: string, name: string, body: Manifest): Promise<unknown>;
  delete(namespace: string, name: string): Promise<unknown>;
  /** Objects of every namespace matching a label selector. */
  listAll(labelSelector: string): Promise<Manifest[]>;
}

/**
 * The route objects one router adapter owns, found by its labels: `app.kubernetes.io/managed-by=slipway`,
 * `slipway.io/router=<adapter>` and, per host, `slipway.io/host-key`. Objects of the same name that another
 * party created are never taken over.
 */
export class RouteObjects {
  constructor(
    private readonly api: RouteKindApi,
    private readonly router: string,
  ) {}

  /** Selector of every object this adapter owns. */
  ownedSelector(): string {
    return `${KEYS.managedBy}=${MANAGER},${KEYS.router}=${this.router}`;
  }

  /** Labels every owned object of `host` carries. */
  labels(host: string, extra: Record<string, string>): Record<string, string> {
    return { ...extra, [KEYS.managedBy]: MANAGER, [KEYS.router]: this.router, [KEYS.hostKey]: labelValue(host) };
  }

  /** Annotations of the object of `host` serving `group`: the exact host, and the maintenance flag while set. */
  annotations(host: string, group: NamespaceGroup): Record<string, string> {
    const maintenance = group.paths.some((p) => p.maintenance);
    return { [KEYS.host]: host, ...(maintenance ? { [KEYS.maintenance]: 'true' } : {}) };
  }

  /** Every owned object (all hosts, all namespaces). */
  all(): Promise<Manifest[]> {
    return kube(`listing ${this.api.kind}s`, () => this.api.listAll(this.ownedSelector()));
  }

  /** The owned objects of one host, across namespaces. */
  async ofHost(host: string): Promise<Manifest[]> {
    const items = await kube(`listing ${this.api.kind}s of ${host}`, () => this.api.listAll(`${this.ownedSelector()},${KEYS.hostKey}=${labelValue(host)}`));
    // The label holds a digest for long names: the exact host is in the annotation.
    return items.filter((o) => o.metadata?.annotations?.[KEYS.host] === host);
  }

  /** The hosts with owned objects, sorted. */
  async hosts(): Promise<string[]> {
    const hosts = (await this.all()).map((o) => o.metadata?.annotations?.[KEYS.host]).filter((h): h is string => !!h);
    return [...new Set(hosts)].sort();
  }

  /** Removes the objects of `host` in namespaces no group of it uses any more (its apps moved or left). */
  async prune(host: string, groups: NamespaceGroup[]): Promise<void> {
    const wanted = new Set(groups.map((g) => g.namespace));
    for (const o of await this.ofHost(host)) {
      if (!wanted.has(o.metadata.namespace)) await this.remove(o.metadata.namespace, o.metadata.name);
    }
  }

  /** Removes every object of `host`. */
  async removeHost(host: string): Promise<void> {
    await this.prune(host, []);
  }

  /** Creates or patches one object to `desired` (read-compare-patch on resourceVersion, retried on 409). */
  write(desired: Manifest, patchFor: (current: Manifest, desired: Manifest) => Manifest | null): Promise<WriteOutcome> {
    const { name, namespace } = desired.metadata as { name: string; namespace: string };
    const what = `${this.api.kind} ${name} in ${namespace}`;
    return reconcile<Manifest>({
      what,
      read: () => kubeOrNull(`reading ${what}`, () => this.api.read(namespace, name)),
      create: () => this.api.create(namespace, desired),
      patchFor: (current) => {
        if (current.metadata?.labels?.[KEYS.managedBy] !== MANAGER || current.metadata?.labels?.[KEYS.router] !== this.router) {
          throw new ConflictError(`${what} exists and is not managed by the Slipway ${this.router} router`);
        }
        return patchFor(current, desired);
      },
      patch: (body) => this.api.patch(namespace, name, body),
    });
  }

  /** Deletes one object; a no-op when it is gone already. */
  async remove(namespace: string, name: string): Promise<void> {
    await kubeOrNull(`removing ${this.api.kind} ${name} in ${namespace}`, () => this.api.delete(namespace, name));
  }
}

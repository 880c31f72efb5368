import { randomUUID } from 'node:crypto';
import { canonicalJson } from '@slipway/driver-kit';
import { applyDefaults, validate } from './admission.js';
import { nowTimestamp, randomSuffix, type KubeObject } from './objects.js';
import { jsonPatch, mergePatch } from './patch.js';
import { RESOURCES, apiVersionOf, resource, type ResourceType } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { alreadyExists, badRequest, conflict, KubeApiError, notFound } from './status.js';
import type { ObjectStore } from './store.js';

/** `DeleteOptions` as sent in a DELETE body or query. */
export interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Patch content types the fake implements; the others (strategic merge, apply) answer 415 like a server without them. */
export const SUPPORTED_PATCH_TYPES = ['application/merge-patch+json', 'application/json-patch+json'];

/** Drops nulls recursively: the real server decodes into Go structs, where a JSON null is just an absent field. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, dropNulls(v)]),
  );
}

function withoutVolatile(o: KubeObject): string {
  const copy = structuredClone(o);
  delete copy.metadata.resourceVersion;
  return canonicalJson(copy);
}

/**
 * The API server's storage semantics over the object store: defaulting, validation, uid and timestamps,
 * generation bumps on spec changes, the status subresource, optimistic concurrency on resourceVersion,
 * no-op updates that write nothing, graceful pod deletion, finalizers and delete propagation policies.
 * The HTTP layer and the in-process controllers both go through it, as they go through the real API.
 */
export class Registry {
  private nextIp = 1;

  constructor(readonly store: ObjectStore) {}

  /** One object; 404 when missing. */
  get(r: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const o = this.store.get(r.plural, r.namespaced ? namespace : undefined, name);
    if (!o) throw notFound(r.plural, r.group, r.kind, name);
    return o;
  }

  /** Objects matching the selectors, with the list's resourceVersion. */
  list(r: ResourceType, namespace: string | undefined, labelSelector?: string | null, fieldSelector?: string | null): { items: KubeObject[]; rv: number } {
    const byLabel = parseLabelSelector(labelSelector);
    const byField = parseFieldSelector(fieldSelector);
    const items = this.store
      .list(r.plural, r.namespaced ? namespace : undefined)
      .filter((o) => byLabel(o.metadata.labels) && byField(o as Record<string, unknown>))
      .sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
    return { items, rv: this.store.currentRv() };
  }

  private checkNamespace(r: ResourceType, namespace: string | undefined, name: string): void {
    if (!r.namespaced) return;
    const ns = this.store.get('namespaces', undefined, namespace ?? '');
    if (!ns) throw notFound('namespaces', '', 'Namespace', namespace ?? '');
    if (ns.metadata.deletionTimestamp) {
      throw new KubeApiError(
        403,
        'Forbidden',
        `${r.plural}${r.group ? `.${r.group}` : ''} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        { name, group: r.group, kind: r.plural },
      );
    }
  }

  private checkBody(r: ResourceType, body: unknown): KubeObject {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request must be a JSON object');
    const o = dropNulls(structuredClone(body)) as KubeObject;
    if (o.kind !== undefined && o.kind !== r.kind) throw badRequest(`the kind in the data (${String(o.kind)}) does not match the expected kind (${r.kind})`);
    if (o.apiVersion !== undefined && o.apiVersion !== apiVersionOf(r)) {
      throw badRequest(`the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${apiVersionOf(r)})`);
    }
    o.kind = r.kind;
    o.apiVersion = apiVersionOf(r);
    o.metadata = { ...(o.metadata ?? { name: '' }) };
    return o;
  }

  private initialStatus(r: ResourceType): Record<string, unknown> | undefined {
    switch (r.kind) {
      case 'Namespace':
        return { phase: 'Active' };
      case 'Pod':
        return { phase: 'Pending', qosClass: 'BestEffort' };
      case 'Service':
        return { loadBalancer: {} };
      case 'Deployment':
      case 'ReplicaSet':
        return {};
      case 'Ingress':
        return { loadBalancer: {} };
      default:
        return undefined;
    }
  }

  /** POST: creates an object (generateName, namespace checks, defaults, validation). */
  create(r: ResourceType, namespace: string | undefined, body: unknown): KubeObject {
    const o = this.checkBody(r, body);
    if (r.namespaced) {
      if (o.metadata.namespace && o.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      o.metadata.namespace = namespace;
    } else delete o.metadata.namespace;
    if (!o.metadata.name && o.metadata.generateName) {
      do o.metadata.name = `${o.metadata.generateName}${randomSuffix()}`;
      while (this.store.get(r.plural, o.metadata.namespace, o.metadata.name));
    }
    this.checkNamespace(r, namespace, o.metadata.name);
    o.metadata.uid = randomUUID();
    o.metadata.creationTimestamp = nowTimestamp();
    delete o.metadata.deletionTimestamp;
    delete o.metadata.deletionGracePeriodSeconds;
    delete o.metadata.resourceVersion;
    if (r.generation) o.metadata.generation = 1;
    else delete o.metadata.generation;
    const status = this.initialStatus(r);
    if (status) o.status = status;
    else delete o.status;
    applyDefaults(r.kind, o);
    validate(r.kind, r.group, o);
    if (this.store.get(r.plural, o.metadata.namespace, o.metadata.name)) throw alreadyExists(r.plural, r.group, o.metadata.name);
    if (r.kind === 'Service' && o.spec.clusterIP !== 'None') {
      const n = this.nextIp++;
      o.spec.clusterIP ??= `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
      o.spec.clusterIPs = [o.spec.clusterIP];
    }
    return this.store.put(r.plural, o);
  }

  /** PUT on the object or its status subresource, with resourceVersion preconditions. */
  update(r: ResourceType, namespace: string | undefined, name: string, body: unknown, subresource?: 'status'): KubeObject {
    const existing = this.get(r, namespace, name);
    const o = this.checkBody(r, body);
    if (o.metadata.name !== name) throw badRequest(`the name of the object (${o.metadata.name}) does not match the name on the URL (${name})`);
    if (o.metadata.resourceVersion !== undefined && o.metadata.resourceVersion !== '' && o.metadata.resourceVersion !== existing.metadata.resourceVersion) {
      throw conflict(r.plural, r.group, name);
    }
    let next: KubeObject;
    if (subresource === 'status') {
      next = structuredClone(existing);
      next.status = o.status;
    } else {
      next = o;
      const keep = existing.metadata;
      next.metadata = {
        ...o.metadata,
        namespace: keep.namespace,
        uid: keep.uid,
        creationTimestamp: keep.creationTimestamp,
        ...(keep.deletionTimestamp ? { deletionTimestamp: keep.deletionTimestamp, deletionGracePeriodSeconds: keep.deletionGracePeriodSeconds } : {}),
      };
      if (!r.namespaced) delete next.metadata.namespace;
      if (keep.generation !== undefined) next.metadata.generation = keep.generation;
      else delete next.metadata.generation;
      if (r.hasStatus) next.status = existing.status;
      applyDefaults(r.kind, next);
      validate(r.kind, r.group, next, existing);
      if (r.kind === 'Service' && existing.spec?.clusterIP) {
        next.spec.clusterIP ??= existing.spec.clusterIP;
        next.spec.clusterIPs ??= existing.spec.clusterIPs;
      }
      if (next.metadata.generation !== undefined && canonicalJson(next.spec) !== canonicalJson(existing.spec)) next.metadata.generation += 1;
    }
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    // The real server skips writes that change nothing: no new resourceVersion, no watch event.
    if (withoutVolatile(next) === withoutVolatile(existing)) return existing;
    if (next.metadata.deletionTimestamp && existing.metadata.finalizers?.length && !next.metadata.finalizers?.length) {
      return this.store.remove(r.plural, next.metadata.namespace, name) ?? next;
    }
    return this.store.put(r.plural, next);
  }

  /** PATCH with a merge or JSON patch; a resourceVersion in the patch result acts as a precondition. */
  patch(r: ResourceType, namespace: string | undefined, name: string, contentType: string, body: unknown, subresource?: 'status'): KubeObject {
    const type = contentType.split(';')[0].trim().toLowerCase();
    if (!SUPPORTED_PATCH_TYPES.includes(type)) {
      throw new KubeApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${SUPPORTED_PATCH_TYPES.join(', ')}`);
    }
    const existing = this.get(r, namespace, name);
    const patched = (type === 'application/json-patch+json' ? jsonPatch(existing, body) : mergePatch(existing, body)) as KubeObject;
    if (!patched || typeof patched !== 'object' || !patched.metadata) throw badRequest('the patch removed the object metadata');
    if (patched.metadata.name !== name) throw badRequest('metadata.name cannot be changed by a patch');
    return this.update(r, namespace, name, patched, subresource);
  }

  /** Objects (of any served namespaced kind) whose ownerReferences name `uid`. */
  dependentsOf(uid: string, namespace: string | undefined): Array<{ r: ResourceType; o: KubeObject }> {
    const out: Array<{ r: ResourceType; o: KubeObject }> = [];
    for (const r of RESOURCES) {
      if (!r.namespaced) continue;
      for (const o of this.store.list(r.plural, namespace)) if (o.metadata.ownerReferences?.some((ref) => ref.uid === uid)) out.push({ r, o });
    }
    return out;
  }

  /** DELETE: graceful for scheduled pods and namespaces, finalizer-aware for Foreground, orphaning on request. */
  delete(r: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): { object: KubeObject; removed: boolean } {
    const existing = this.get(r, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== existing.metadata.uid) {
      throw new KubeApiError(409, 'Conflict', `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`, { name, group: r.group, kind: r.plural });
    }
    if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
      throw new KubeApiError(409, 'Conflict', `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`, { name, group: r.group, kind: r.plural });
    }
    const ns = r.namespaced ? namespace : undefined;
    if (r.kind === 'Namespace') {
      if (existing.metadata.deletionTimestamp) return { object: existing, removed: false };
      existing.metadata.deletionTimestamp = nowTimestamp();
      existing.metadata.deletionGracePeriodSeconds = 0;
      existing.status = { ...existing.status, phase: 'Terminating' };
      return { object: this.store.put(r.plural, existing), removed: false };
    }
    if (r.kind === 'Pod' && existing.spec?.nodeName) {
      const grace = options.gracePeriodSeconds ?? existing.spec.terminationGracePeriodSeconds ?? 30;
      if (grace > 0) {
        if (existing.metadata.deletionTimestamp) return { object: existing, removed: false };
        existing.metadata.deletionTimestamp = nowTimestamp(new Date(Date.now() + grace * 1000));
        existing.metadata.deletionGracePeriodSeconds = grace;
        return { object: this.store.put(r.plural, existing), removed: false };
      }
    }
    const policy = options.propagationPolicy ?? 'Background';
    if (policy === 'Foreground' && this.dependentsOf(existing.metadata.uid!, ns).length) {
      if (existing.metadata.deletionTimestamp) return { object: existing, removed: false };
      existing.metadata.deletionTimestamp = nowTimestamp();
      existing.metadata.deletionGracePeriodSeconds = 0;
      existing.metadata.finalizers = [...new Set([...(existing.metadata.finalizers ?? []), 'foregroundDeletion'])];
      return { object: this.store.put(r.plural, existing), removed: false };
    }
    if (existing.metadata.finalizers?.length) {
      if (!existing.metadata.deletionTimestamp) {
        existing.metadata.deletionTimestamp = nowTimestamp();
        existing.metadata.deletionGracePeriodSeconds = 0;
        return { object: this.store.put(r.plural, existing), removed: false };
      }
      return { object: existing, removed: false };
    }
    if (policy === 'Orphan') {
      for (const d of this.dependentsOf(existing.metadata.uid!, ns)) {
        d.o.metadata.ownerReferences = d.o.metadata.ownerReferences?.filter((ref) => ref.uid !== existing.metadata.uid);
        this.store.put(d.r.plural, d.o);
      }
    }
    const removed = this.store.remove(r.plural, ns, name) ?? existing;
    return { object: removed, removed: true };
  }

  /** Final removal once a graceful deletion finished (the kubelet stopped the pod, or finalizers cleared). */
  removeNow(plural: string, namespace: string | undefined, name: string): void {
    this.store.remove(plural, resource(plural).namespaced ? namespace : undefined, name);
  }
}

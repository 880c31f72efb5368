import { canonicalJson } from '@slipway/driver-kit';
import { controllerOf, fnv32a, nowTimestamp, randomSuffix, safeEncode, type KubeObject } from './objects.js';
import type { Registry } from './registry.js';
import { RESOURCES, resource } from './resources.js';
import { matchesSelectorObject } from './selectors.js';
import { KubeApiError } from './status.js';
import type { StoreEvent } from './store.js';

const DEPLOYMENTS = resource('deployments');
const REPLICASETS = resource('replicasets');
const PODS = resource('pods');
const REVISION = 'deployment.kubernetes.io/revision';
const HASH_LABEL = 'pod-template-hash';

/** The node every pod is bound to (the fake has one kubelet). */
export const NODE_NAME = 'slipway-fake-node';

function resolveIntOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v ?? '0'));
  if (!m) return 0;
  const raw = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

function podReady(p: KubeObject): boolean {
  return !!p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}

function active(p: KubeObject): boolean {
  return !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
}

function revisionOf(o: KubeObject): number {
  return Number(o.metadata.annotations?.[REVISION] ?? 0);
}

function compact(status: Record<string, unknown>): Record<string, unknown> {
  // The API omits zero-valued counters (omitempty), so clients must read absent as 0.
  return Object.fromEntries(Object.entries(status).filter(([, v]) => v !== 0 && v !== undefined));
}

/**
 * The kube-controller-manager of the fake: the deployment controller (ReplicaSet per pod template, rolling update
 * with maxSurge / maxUnavailable, revision annotations, status and conditions), the ReplicaSet controller
 * (pods from the template, bound to the fake node), namespace lifecycle and the garbage collector (ownerReferences,
 * foreground deletion). Work is queued by store events and done one key at a time, like informer work queues.
 */
export class Controllers {
  private readonly queue = new Set<string>();
  private draining = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly registry: Registry) {}

  start(resyncMs = 500): void {
    this.unsubscribe = this.registry.store.subscribe((e) => this.onEvent(e));
    this.timer = setInterval(() => {
      for (const d of this.registry.store.list('deployments')) this.enqueue('deployments', d.metadata.namespace, d.metadata.name);
      // Availability changes with time alone (minReadySeconds): the real controller requeues for it, this resyncs.
      for (const rs of this.registry.store.list('replicasets')) if (rs.spec?.minReadySeconds) this.enqueue('replicasets', rs.metadata.namespace, rs.metadata.name);
      for (const n of this.registry.store.list('namespaces')) if (n.metadata.deletionTimestamp) this.enqueue('namespaces', undefined, n.metadata.name);
      for (const plural of ['deployments', 'replicasets']) {
        for (const o of this.registry.store.list(plural)) if (o.metadata.finalizers?.includes('foregroundDeletion')) this.enqueue(`gc-${plural}`, o.metadata.namespace, o.metadata.name);
      }
    }, resyncMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  private enqueue(kind: string, namespace: string | undefined, name: string): void {
    if (this.stopped) return;
    this.queue.add(`${kind}|${namespace ?? ''}|${name}`);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
  }

  private onEvent(e: StoreEvent): void {
    const m = e.object.metadata;
    if (e.plural === 'deployments') this.enqueue('deployments', m.namespace, m.name);
    if (e.plural === 'replicasets') {
      this.enqueue('replicasets', m.namespace, m.name);
      const owner = controllerOf(e.object);
      if (owner?.kind === 'Deployment') this.enqueue('deployments', m.namespace, owner.name);
    }
    if (e.plural === 'pods') {
      const owner = controllerOf(e.object);
      if (owner?.kind === 'ReplicaSet') this.enqueue('replicasets', m.namespace, owner.name);
    }
    if (e.plural === 'namespaces' && m.deletionTimestamp) this.enqueue('namespaces', undefined, m.name);
    if (e.type === 'DELETED') {
      this.enqueue('orphans', m.namespace, m.uid ?? '');
      if (m.namespace) this.enqueue('namespaces', undefined, m.namespace);
      for (const ref of m.ownerReferences ?? []) {
        const plural = ref.kind === 'Deployment' ? 'deployments' : ref.kind === 'ReplicaSet' ? 'replicasets' : '';
        if (plural) this.enqueue(`gc-${plural}`, m.namespace, ref.name);
      }
    }
    if (m.deletionTimestamp && m.finalizers?.includes('foregroundDeletion')) this.enqueue(`gc-${e.plural}`, m.namespace, m.name);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.size && !this.stopped) {
        const key = this.queue.values().next().value as string;
        this.queue.delete(key);
        const [kind, ns, name] = key.split('|');
        try {
          this.sync(kind, ns || undefined, name);
        } catch (err) {
          // Conflicts and vanished objects are retried by the next event or resync, as real controllers requeue.
          if (!(err instanceof KubeApiError)) throw err;
        }
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.draining = false;
      if (this.queue.size && !this.stopped) this.enqueue('noop', undefined, '');
    }
  }

  private sync(kind: string, ns: string | undefined, name: string): void {
    if (kind === 'deployments') this.syncDeployment(ns!, name);
    else if (kind === 'replicasets') this.syncReplicaSet(ns!, name);
    else if (kind === 'namespaces') this.syncNamespace(name);
    else if (kind === 'orphans') this.collectDependents(name, ns);
    else if (kind.startsWith('gc-')) this.syncForeground(kind.slice(3), ns, name);
  }

  /** Background propagation: dependents of a removed owner are deleted (pods gracefully). */
  private collectDependents(uid: string, ns: string | undefined): void {
    if (!uid) return;
    for (const d of this.registry.dependentsOf(uid, ns)) {
      const stillOwned = d.o.metadata.ownerReferences?.some((ref) => ref.uid !== uid && this.ownerExists(ref.uid, ns));
      if (stillOwned) continue;
      try {
        this.registry.delete(d.r, d.o.metadata.namespace, d.o.metadata.name, { propagationPolicy: 'Background' });
      } catch (err) {
        if (!(err instanceof KubeApiError && err.code === 404)) throw err;
      }
    }
  }

  private ownerExists(uid: string, ns: string | undefined): boolean {
    return RESOURCES.some((r) => this.registry.store.list(r.plural, r.namespaced ? ns : undefined).some((o) => o.metadata.uid === uid));
  }

  /** Foreground deletion: delete dependents, then drop the finalizer so the owner goes too. */
  private syncForeground(plural: string, ns: string | undefined, name: string): void {
    const r = resource(plural);
    const owner = this.registry.store.get(plural, ns, name);
    if (!owner?.metadata.deletionTimestamp || !owner.metadata.finalizers?.includes('foregroundDeletion')) return;
    const deps = this.registry.dependentsOf(owner.metadata.uid!, ns);
    for (const d of deps) {
      if (d.o.metadata.deletionTimestamp) continue;
      this.registry.delete(d.r, d.o.metadata.namespace, d.o.metadata.name, { propagationPolicy: 'Foreground' });
    }
    if (this.registry.dependentsOf(owner.metadata.uid!, ns).length) return;
    owner.metadata.finalizers = owner.metadata.finalizers.filter((f) => f !== 'foregroundDeletion');
    this.registry.update(r, ns, name, owner);
  }

  /** Namespace lifecycle: a terminating namespace loses its contents, then itself. */
  private syncNamespace(name: string): void {
    const nsObj = this.registry.store.get('namespaces', undefined, name);
    if (!nsObj?.metadata.deletionTimestamp) return;
    let left = 0;
    for (const r of RESOURCES) {
      if (!r.namespaced) continue;
      for (const o of this.registry.store.list(r.plural, name)) {
        left++;
        if (!o.metadata.deletionTimestamp) this.registry.delete(r, name, o.metadata.name, { propagationPolicy: 'Background' });
      }
    }
    if (left === 0) this.registry.removeNow('namespaces', undefined, name);
  }

  private syncReplicaSet(ns: string, name: string): void {
    const rs = this.registry.store.get('replicasets', ns, name);
    if (!rs) return;
    const pods = this.registry.store.list('pods', ns).filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
    const live = pods.filter(active);
    const want = rs.metadata.deletionTimestamp ? 0 : (rs.spec.replicas ?? 1);
    if (live.length < want && !rs.metadata.deletionTimestamp) {
      const nsObj = this.registry.store.get('namespaces', undefined, ns);
      if (nsObj && !nsObj.metadata.deletionTimestamp) {
        for (let i = live.length; i < want; i++) this.createPod(rs);
      }
    } else if (live.length > want) {
      // Least valuable first: unscheduled, pending, not ready, most restarts, newest.
      const rank = (p: KubeObject) => [p.spec?.nodeName ? 1 : 0, p.status?.phase === 'Running' ? 1 : 0, podReady(p) ? 1 : 0];
      const restarts = (p: KubeObject) => (p.status?.containerStatuses ?? []).reduce((n: number, c: { restartCount?: number }) => n + (c.restartCount ?? 0), 0);
      const victims = [...live]
        .sort((a, b) => {
          const ra = rank(a);
          const rb = rank(b);
          for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
          return restarts(b) - restarts(a) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');
        })
        .slice(0, live.length - want);
      for (const v of victims) this.registry.delete(PODS, ns, v.metadata.name);
    }
    const now = this.registry.store.list('pods', ns).filter((p) => controllerOf(p)?.uid === rs.metadata.uid && !p.metadata.deletionTimestamp);
    const ready = now.filter(podReady).length;
    const minReady = (rs.spec.minReadySeconds ?? 0) * 1000;
    const available = now.filter((p) => {
      if (!podReady(p)) return false;
      const since = p.status?.conditions?.find((c: { type: string }) => c.type === 'Ready')?.lastTransitionTime;
      return !minReady || (since && Date.now() - Date.parse(since) >= minReady);
    }).length;
    const status = compact({
      replicas: now.length,
      fullyLabeledReplicas: now.filter((p) => matchesSelectorObject(rs.spec.selector, p.metadata.labels)).length,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation,
    });
    if (status.replicas === undefined) status.replicas = 0;
    if (canonicalJson(status) !== canonicalJson(rs.status ?? {})) this.registry.update(REPLICASETS, ns, name, { ...rs, status }, 'status');
  }

  private createPod(rs: KubeObject): void {
    const template = structuredClone(rs.spec.template ?? {});
    let name: string;
    do name = `${rs.metadata.name}-${randomSuffix()}`;
    while (this.registry.store.get('pods', rs.metadata.namespace, name));
    this.registry.create(PODS, rs.metadata.namespace, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: template.metadata?.labels ?? {},
        ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      // The scheduler's job, collapsed: one node, bound at creation.
      spec: { ...template.spec, nodeName: NODE_NAME },
    });
  }

  private syncDeployment(ns: string, name: string): void {
    const d = this.registry.store.get('deployments', ns, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const all = this.registry.store.list('replicasets', ns).filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
    const collision = d.status?.collisionCount ?? 0;
    const hash = safeEncode(fnv32a(canonicalJson(d.spec.template) + (collision ? String(collision) : '')));
    let newRs = all.find((rs) => rs.metadata.labels?.[HASH_LABEL] === hash);
    const old = all.filter((rs) => rs !== newRs).sort((a, b) => revisionOf(a) - revisionOf(b));
    const maxRevision = Math.max(0, ...all.map(revisionOf));
    const n = d.spec.replicas ?? 1;
    const rolling = d.spec.strategy?.type !== 'Recreate';
    if (!newRs) {
      const template = structuredClone(d.spec.template);
      template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH_LABEL]: hash } };
      const oldTotal = old.reduce((s, rs) => s + (rs.spec.replicas ?? 0), 0);
      const surge = resolveIntOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge, n, true);
      const initial = !old.length ? n : rolling ? Math.max(0, Math.min(n, n + surge - oldTotal)) : 0;
      newRs = this.registry.create(REPLICASETS, ns, {
        metadata: {
          name: `${name}-${hash}`,
          namespace: ns,
          labels: template.metadata.labels,
          annotations: { [REVISION]: String(maxRevision + 1), 'deployment.kubernetes.io/desired-replicas': String(n), 'deployment.kubernetes.io/max-replicas': String(n + surge) },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
        },
        spec: {
          replicas: initial,
          minReadySeconds: d.spec.minReadySeconds ?? 0,
          selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector?.matchLabels, [HASH_LABEL]: hash } },
          template,
        },
      });
    } else if (revisionOf(newRs) < maxRevision) {
      newRs.metadata.annotations = { ...newRs.metadata.annotations, [REVISION]: String(maxRevision + 1) };
      newRs = this.registry.update(REPLICASETS, ns, newRs.metadata.name, newRs);
    }
    const revision = String(revisionOf(newRs));
    if (d.metadata.annotations?.[REVISION] !== revision) {
      d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: revision };
      this.registry.update(DEPLOYMENTS, ns, name, d);
    }
    const scale = (rs: KubeObject, replicas: number) => {
      if ((rs.spec.replicas ?? 0) === replicas) return;
      rs.spec.replicas = replicas;
      const fresh = this.registry.update(REPLICASETS, ns, rs.metadata.name, rs);
      Object.assign(rs, fresh);
    };
    const specTotal = () => [newRs!, ...old].reduce((s, rs) => s + (rs.spec.replicas ?? 0), 0);
    if (!rolling) {
      for (const rs of old) scale(rs, 0);
      const oldPods = this.registry.store.list('pods', ns).filter((p) => old.some((rs) => controllerOf(p)?.uid === rs.metadata.uid));
      if (!oldPods.length) scale(newRs, n);
    } else {
      let surge = resolveIntOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge, n, true);
      let unavailable = resolveIntOrPercent(d.spec.strategy?.rollingUpdate?.maxUnavailable, n, false);
      if (surge === 0 && unavailable === 0) unavailable = 1;
      if (n === 0) surge = 0;
      const newReplicas = newRs.spec.replicas ?? 0;
      if (newReplicas > n) scale(newRs, n);
      else if (newReplicas < n) {
        const up = Math.min(n + surge - specTotal(), n - newReplicas);
        if (up > 0) scale(newRs, newReplicas + up);
      }
      const minAvailable = n - unavailable;
      const newUnavailable = (newRs.spec.replicas ?? 0) - (newRs.status?.availableReplicas ?? 0);
      let maxScaledDown = specTotal() - minAvailable - newUnavailable;
      if (maxScaledDown > 0) {
        // First the old pods that are not available anyway: removing them costs no capacity.
        for (const rs of old) {
          if (maxScaledDown <= 0) break;
          const unhealthy = (rs.spec.replicas ?? 0) - (rs.status?.availableReplicas ?? 0);
          if (unhealthy <= 0) continue;
          const down = Math.min(maxScaledDown, unhealthy);
          scale(rs, (rs.spec.replicas ?? 0) - down);
          maxScaledDown -= down;
        }
        const availableNow = [newRs, ...old].reduce((s, rs) => s + Math.min(rs.status?.availableReplicas ?? 0, rs.spec.replicas ?? 0), 0);
        let budget = availableNow - minAvailable;
        for (const rs of old) {
          if (budget <= 0) break;
          const down = Math.min(budget, rs.spec.replicas ?? 0);
          if (down <= 0) continue;
          scale(rs, (rs.spec.replicas ?? 0) - down);
          budget -= down;
        }
      }
    }
    // Revision history: keep the newest `revisionHistoryLimit` scaled-down old ReplicaSets.
    const idle = old.filter((rs) => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0);
    const limit = d.spec.revisionHistoryLimit ?? 10;
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) this.registry.delete(REPLICASETS, ns, rs.metadata.name);
    this.updateDeploymentStatus(d, newRs, old, n);
  }

  private updateDeploymentStatus(d: KubeObject, newRs: KubeObject, old: KubeObject[], n: number): void {
    const fresh = this.registry.store.get('deployments', d.metadata.namespace, d.metadata.name);
    if (!fresh) return;
    const rss = [newRs, ...old].map((rs) => this.registry.store.get('replicasets', rs.metadata.namespace, rs.metadata.name)).filter((x): x is KubeObject => !!x);
    const sum = (f: (rs: KubeObject) => number) => rss.reduce((s, rs) => s + f(rs), 0);
    const newNow = rss.find((rs) => rs.metadata.uid === newRs.metadata.uid);
    const replicas = sum((rs) => rs.status?.replicas ?? 0);
    const updated = newNow?.status?.replicas ?? 0;
    const ready = sum((rs) => rs.status?.readyReplicas ?? 0);
    const available = sum((rs) => rs.status?.availableReplicas ?? 0);
    const unavailableMax = resolveIntOrPercent(fresh.spec.strategy?.rollingUpdate?.maxUnavailable, n, false);
    const complete = updated === n && replicas === n && available >= n && (newNow?.status?.observedGeneration ?? 0) >= (newNow?.metadata.generation ?? 0);
    const now = nowTimestamp();
    const prev: Array<Record<string, string>> = fresh.status?.conditions ?? [];
    const condition = (type: string, status: string, reason: string, message: string, progressed: boolean) => {
      const before = prev.find((c) => c.type === type);
      const same = before && before.status === status && before.reason === reason;
      return {
        type,
        status,
        lastUpdateTime: same && !progressed ? before.lastUpdateTime : now,
        lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const counts = compact({ replicas, updatedReplicas: updated, readyReplicas: ready, availableReplicas: available, unavailableReplicas: Math.max(0, n - available) });
    const prevCounts = compact({
      replicas: fresh.status?.replicas,
      updatedReplicas: fresh.status?.updatedReplicas,
      readyReplicas: fresh.status?.readyReplicas,
      availableReplicas: fresh.status?.availableReplicas,
      unavailableReplicas: fresh.status?.unavailableReplicas,
    });
    const progressed = canonicalJson(counts) !== canonicalJson(prevCounts);
    const progressing = prev.find((c) => c.type === 'Progressing');
    const deadline = (fresh.spec.progressDeadlineSeconds ?? 600) * 1000;
    const stalled =
      !complete &&
      !progressed &&
      (progressing?.reason === 'ProgressDeadlineExceeded' || (!!progressing?.lastUpdateTime && Date.now() - Date.parse(progressing.lastUpdateTime) > deadline));
    const rsName = newRs.metadata.name;
    const conditions = [
      available >= n - unavailableMax
        ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', false)
        : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', false),
      complete
        ? condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`, false)
        : stalled
          ? condition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${rsName}" has timed out progressing.`, false)
          : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`, progressed),
    ];
    const status = { observedGeneration: fresh.metadata.generation, ...counts, conditions, ...(fresh.status?.collisionCount ? { collisionCount: fresh.status.collisionCount } : {}) };
    if (canonicalJson(status) !== canonicalJson(fresh.status ?? {})) this.registry.update(DEPLOYMENTS, fresh.metadata.namespace, fresh.metadata.name, { ...fresh, status }, 'status');
  }
}

import { makeInformer, type AppsV1Api, type CoreV1Api, type Informer, type KubeConfig, type KubernetesObject, type ObjectCache, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { backoffMs, type NamedRef, type RuntimeEvent } from '@slipway/core';
import { FRESH_MARK, detectBootTimeout, detectCrash, markOf, type DetectedCrash, type PodMark } from './crash.js';
import { CONTAINER, KEYS, MANAGER, dynoName } from './names.js';

const SELECTOR = `app.kubernetes.io/managed-by=${MANAGER}`;

function refs(annotations: Record<string, string> | undefined): { app: NamedRef; space: NamedRef } | null {
  const a = annotations ?? {};
  if (!a[KEYS.appIdExact] || !a[KEYS.app]) return null;
  return { app: { id: a[KEYS.appIdExact], name: a[KEYS.app] }, space: { id: a[KEYS.spaceIdExact] ?? '', name: a[KEYS.space] ?? '' } };
}

/** A rollout is complete when the controller saw the latest spec and every replica is updated and available. */
export function rolloutComplete(d: V1Deployment): boolean {
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) >= want;
}

/**
 * Turns pod and deployment changes into `crashed` and `released` events. Informers (list, then watch from the
 * list's resourceVersion, re-listing on 410) keep a cache; the state found at start is remembered, not reported,
 * so a restarted controller does not replay old crashes. H20 is checked on a timer since it is the absence of a
 * change (a web dyno that never became ready).
 */
export class RuntimeEventWatcher {
  private pods: (Informer<V1Pod> & ObjectCache<V1Pod>) | null = null;
  private deployments: (Informer<V1Deployment> & ObjectCache<V1Deployment>) | null = null;
  private readonly marks = new Map<string, PodMark>();
  private readonly released = new Set<string>();
  private priming = true;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly restarts = new Set<NodeJS.Timeout>();

  constructor(
    private readonly kc: KubeConfig,
    private readonly core: CoreV1Api,
    private readonly apps: AppsV1Api,
    private readonly onEvent: (e: RuntimeEvent) => void,
    private readonly bootTimeoutMs: number,
  ) {}

  private emit(e: RuntimeEvent): void {
    if (this.priming || this.stopped) return;
    try {
      this.onEvent(e);
    } catch {
      // A failing subscriber must not break the watch.
    }
  }

  private crashed(pod: V1Pod, c: DetectedCrash): void {
    const r = refs(pod.metadata?.annotations);
    if (!r) return;
    const type = pod.metadata?.labels?.[KEYS.type] ?? '';
    const a = pod.metadata?.annotations ?? {};
    this.emit({
      kind: 'crashed',
      ...r,
      code: c.code,
      description: c.description,
      restarts: c.restarts,
      dynos: [{ type, dyno: dynoName(pod.metadata?.name ?? '', r.app.name, type) }],
      crashed_at: c.at.toISOString(),
      ...(a[KEYS.releaseId] ? { release: { id: a[KEYS.releaseId], version: Number(a[KEYS.releaseVersion]) } } : {}),
    });
  }

  private onPod(pod: V1Pod): void {
    const uid = pod.metadata?.uid;
    if (!uid) return;
    const before = this.marks.get(uid) ?? FRESH_MARK;
    const crash = this.priming ? null : detectCrash(pod, before);
    this.marks.set(uid, markOf(pod, before));
    if (crash) this.crashed(pod, crash);
  }

  private onDeployment(d: V1Deployment): void {
    const r = refs(d.spec?.template?.metadata?.annotations);
    const release = d.spec?.template?.metadata?.annotations?.[KEYS.releaseId];
    if (!r || !release || !rolloutComplete(d)) return;
    const appId = d.metadata?.labels?.[KEYS.appId];
    // One event per release of the app, once every process type of it runs that release.
    const siblings = (this.deployments?.list(d.metadata?.namespace) ?? []).filter((x) => x.metadata?.labels?.[KEYS.appId] === appId);
    if (siblings.some((x) => x.spec?.template?.metadata?.annotations?.[KEYS.releaseId] !== release || !rolloutComplete(x))) return;
    const key = `${r.app.id}|${release}`;
    if (this.released.has(key)) return;
    this.released.add(key);
    const a = d.spec?.template?.metadata?.annotations ?? {};
    const image = d.spec?.template?.spec?.containers?.find((c) => c.name === CONTAINER)?.image ?? '';
    this.emit({
      kind: 'released',
      ...r,
      slug: { image },
      released_at: new Date().toISOString(),
      release: { id: release, version: Number(a[KEYS.releaseVersion]) },
    });
  }

  private keepAlive<T extends KubernetesObject>(informer: Informer<T>): void {
    informer.on('error', () => {
      if (this.stopped) return;
      // Informers stop on errors other than 410; come back after a pause, re-listing from scratch.
      const t = setTimeout(() => {
        this.restarts.delete(t);
        if (!this.stopped) void informer.start().catch(() => undefined);
      }, backoffMs(1, { baseMs: 2000, minMs: 1000 }));
      this.restarts.add(t);
    });
  }

  /** Loads the current state (remembered, not reported) and starts watching. */
  async start(): Promise<void> {
    const pods = makeInformer<V1Pod>(this.kc, '/api/v1/pods', () => this.core.listPodForAllNamespaces({ labelSelector: SELECTOR }), SELECTOR);
    const deployments = makeInformer<V1Deployment>(this.kc, '/apis/apps/v1/deployments', () => this.apps.listDeploymentForAllNamespaces({ labelSelector: SELECTOR }), SELECTOR);
    this.pods = pods;
    this.deployments = deployments;
    pods.on('add', (p) => this.onPod(p));
    pods.on('update', (p) => this.onPod(p));
    pods.on('delete', (p) => {
      if (p.metadata?.uid) this.marks.delete(p.metadata.uid);
    });
    deployments.on('add', (d) => this.onDeployment(d));
    deployments.on('update', (d) => this.onDeployment(d));
    this.keepAlive(pods);
    this.keepAlive(deployments);
    await Promise.all([pods.start(), deployments.start()]);
    this.priming = false;
    this.timer = setInterval(() => this.checkBootTimeouts(), 1000);
    this.timer.unref();
  }

  private checkBootTimeouts(): void {
    for (const pod of this.pods?.list() ?? []) {
      const uid = pod.metadata?.uid;
      if (!uid || pod.metadata?.labels?.[KEYS.type] !== 'web') continue;
      const mark = this.marks.get(uid) ?? { ...FRESH_MARK };
      const c = detectBootTimeout(pod, mark, this.bootTimeoutMs);
      this.marks.set(uid, mark);
      if (c) this.crashed(pod, c);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const t of this.restarts) clearTimeout(t);
    this.restarts.clear();
    await Promise.all([this.pods?.stop(), this.deployments?.stop()]);
  }
}

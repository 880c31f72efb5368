import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, Log, type V1Deployment, type V1Pod, type V1Service } from '@kubernetes/client-node';
import {
  ConflictError,
  NotFoundError,
  WEB_PROCESS_TYPE,
  validateDesiredState,
  type AppTarget,
  type ConvergeResult,
  type DesiredAppState,
  type DynoStatus,
  type LogLine,
  type LogOptions,
  type NamedRef,
  type RestartOptions,
  type RuntimeDriver,
  currentSeries,
  type MetricSeries,
  type MetricsRange,
  type RuntimeEvent,
  type RuntimeEventSource,
  type RuntimeEventSubscription,
} from '@slipway/core';
import { KeyedMutex, WatcherRegistry, pollUntil } from '@slipway/driver-kit';
import { mapPodState } from './dyno-state.js';
import { apiStatus, kube, kubeOrNull, toDomainError } from './errors.js';
import { RuntimeEventWatcher } from './events.js';
import { readLogs } from './logs.js';
import { readDynoUsage, type DynoUsage } from './pod-metrics.js';
import { configSecret, deployment, namespaceManifest, templateHash, webService, type Manifest, type ManifestOptions } from './manifests.js';
import { KEYS, appSelector, deploymentName, dynoName, labelValue, namespaceName, serviceName } from './names.js';
import { checkOptions, loadKubeConfig, type KubernetesRuntimeOptions } from './options.js';
import { isReady, ms } from './pod-view.js';
import { MERGE_PATCH, ownsSame, reconcile as reconcileWith, type ReconcileSteps } from '@slipway/kube-kit';

const FAILING = new Set(['app-crashed', 'start-failure', 'probe-failure']);

/** Read-compare-patch (see `@slipway/kube-kit`), with this driver's reading of failures. */
const reconcile = <T>(steps: ReconcileSteps<T>) => reconcileWith<T>({ toDomainError, ...steps });

/** One process type a converge or restart waits for: its pods must carry `hash` and number `replicas`. */
interface RolloutTarget {
  type: string;
  hash: string;
  replicas: number;
}

function labelsOf(o: { metadata?: { labels?: Record<string, string> } }): Record<string, string> {
  return o.metadata?.labels ?? {};
}

function typeOf(p: V1Pod): string {
  return labelsOf(p)[KEYS.type] ?? '';
}

function live(p: V1Pod): boolean {
  return !p.metadata?.deletionTimestamp;
}

/**
 * RuntimeDriver on Kubernetes: a namespace per space, a Deployment per process type (rolling, probes from the
 * health check, memory from the size, env from an immutable per-config Secret), a Service for web, dynos read from
 * Pods. Every write is an optimistic read-modify-write on resourceVersion (see `reconcile`), so several controller
 * replicas can converge the same app without fighting. Crash and release events come from `watchEvents`.
 */
export class KubernetesRuntimeDriver implements RuntimeDriver, RuntimeEventSource {
  private readonly kc: KubeConfig;
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly follower: Log;
  private readonly prefix: string;
  private readonly readyTimeoutMs: number;
  private readonly pollMs: number;
  private readonly fieldManager: string;
  private readonly bootTimeoutMs: number;
  private readonly manifest: ManifestOptions;
  private readonly extraLabels: Record<string, string>;
  /** Serializes work per app inside this process; across processes, resourceVersion preconditions do. */
  private readonly appLocks = new KeyedMutex();
  private readonly watchers = new WatcherRegistry<RuntimeEventWatcher>();

  constructor(options: KubernetesRuntimeOptions = {}) {
    checkOptions(options);
    this.kc = loadKubeConfig(options);
    this.core = this.kc.makeApiClient(CoreV1Api);
    this.apps = this.kc.makeApiClient(AppsV1Api);
    this.custom = this.kc.makeApiClient(CustomObjectsApi);
    this.follower = new Log(this.kc);
    this.prefix = options.namespacePrefix ?? 'slipway-';
    this.readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
    this.pollMs = options.pollIntervalMs ?? 500;
    this.fieldManager = options.fieldManager ?? 'slipway';
    this.bootTimeoutMs = (options.bootTimeoutSeconds ?? 60) * 1000;
    this.extraLabels = { ...options.labels };
    this.manifest = {
      labels: this.extraLabels,
      minReadySeconds: options.minReadySeconds ?? 1,
      probePeriodSeconds: options.probePeriodSeconds ?? 5,
      bootTimeoutSeconds: options.bootTimeoutSeconds ?? 60,
      terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? 30,
      revisionHistoryLimit: options.revisionHistoryLimit ?? 3,
      imagePullSecrets: options.imagePullSecrets ?? [],
    };
  }

  /** The namespace of a space. */
  namespaceOf(space: NamedRef): string {
    return namespaceName(this.prefix, space);
  }

  private async appPods(namespace: string, app: NamedRef): Promise<V1Pod[]> {
    const list = await kube(`listing pods of ${app.name}`, () => this.core.listNamespacedPod({ namespace, labelSelector: appSelector(app) }));
    return list.items;
  }

  private async appDeployments(namespace: string, app: NamedRef): Promise<V1Deployment[]> {
    const list = await kube(`listing deployments of ${app.name}`, () => this.apps.listNamespacedDeployment({ namespace, labelSelector: appSelector(app) }));
    return list.items;
  }

  private async ensureConfig(namespace: string, state: DesiredAppState): Promise<void> {
    const secret = configSecret(state, this.manifest);
    const name = secret.metadata.name as string;
    // Immutable and named by content: existing means identical, so there is never anything to patch.
    await reconcile({
      what: `secret ${name} in ${namespace}`,
      read: () => kubeOrNull('reading a config secret', () => this.core.readNamespacedSecret({ name, namespace })),
      create: () => this.core.createNamespacedSecret({ namespace, body: secret, fieldManager: this.fieldManager }),
      patchFor: () => null,
      patch: async () => undefined,
    });
  }

  private async ensureService(namespace: string, state: DesiredAppState): Promise<void> {
    const web = state.processes.find((p) => p.type === WEB_PROCESS_TYPE && p.port !== null);
    const name = serviceName(state.app);
    if (!web) {
      const existing = await kubeOrNull('reading a service', () => this.core.readNamespacedService({ name, namespace }));
      if (existing && labelsOf(existing)[KEYS.appId] === labelValue(state.app.id)) {
        await kubeOrNull('removing a service', () => this.core.deleteNamespacedService({ name, namespace }));
      }
      return;
    }
    const desired = webService(state, web, this.manifest);
    await reconcile<V1Service>({
      what: `service ${name} in ${namespace}`,
      read: () => kubeOrNull('reading a service', () => this.core.readNamespacedService({ name, namespace })),
      create: () => this.core.createNamespacedService({ namespace, body: desired, fieldManager: this.fieldManager }),
      patchFor: (cur) => {
        const port = cur.spec?.ports?.[0];
        const same =
          cur.spec?.ports?.length === 1 &&
          port?.port === web.port &&
          String(port?.targetPort) === String(web.port) &&
          ownsSame(cur.spec?.selector, desired.spec.selector) &&
          Object.keys(cur.spec?.selector ?? {}).length === Object.keys(desired.spec.selector).length &&
          ownsSame(cur.metadata?.labels, desired.metadata.labels);
        if (same) return null;
        return { metadata: { resourceVersion: cur.metadata?.resourceVersion, labels: desired.metadata.labels, annotations: desired.metadata.annotations }, spec: { selector: desired.spec.selector, ports: desired.spec.ports } };
      },
      patch: (body) => this.core.patchNamespacedService({ name, namespace, body, fieldManager: this.fieldManager }, MERGE_PATCH),
    });
  }

  /** Converges one Deployment; returns what its pods must look like once rolled out. */
  private async ensureDeployment(namespace: string, state: DesiredAppState, p: DesiredAppState['processes'][number]): Promise<RolloutTarget> {
    const name = deploymentName(state.app, p.type);
    let target: RolloutTarget = { type: p.type, hash: '', replicas: p.quantity };
    await reconcile<V1Deployment>({
      what: `deployment ${name} in ${namespace}`,
      read: () => kubeOrNull('reading a deployment', () => this.apps.readNamespacedDeployment({ name, namespace })),
      create: () => {
        const desired = deployment(state, p, this.manifest, '');
        target = { ...target, hash: desired.spec.template.metadata.labels[KEYS.templateHash] };
        return this.apps.createNamespacedDeployment({ namespace, body: desired, fieldManager: this.fieldManager });
      },
      patchFor: (cur) => {
        // A restart stamp is kept: converging after a restart must not roll the dynos again.
        const restartedAt = cur.spec?.template?.metadata?.annotations?.[KEYS.restartedAt] ?? '';
        const desired = deployment(state, p, this.manifest, restartedAt);
        target = { ...target, hash: desired.spec.template.metadata.labels[KEYS.templateHash] };
        const sameTemplate = cur.spec?.template?.metadata?.labels?.[KEYS.templateHash] === target.hash;
        const same =
          sameTemplate &&
          cur.spec?.replicas === p.quantity &&
          ownsSame(cur.metadata?.labels, desired.metadata.labels) &&
          ownsSame(cur.metadata?.annotations, desired.metadata.annotations);
        if (same) return null;
        // The template is sent only when it changed: re-sending an equal one could still differ from the stored
        // form in server-normalized details, and any difference there would roll every dyno.
        const spec = sameTemplate ? { replicas: p.quantity } : desired.spec;
        return { metadata: { resourceVersion: cur.metadata?.resourceVersion, labels: desired.metadata.labels, annotations: desired.metadata.annotations }, spec };
      },
      patch: (body) => this.apps.patchNamespacedDeployment({ name, namespace, body, fieldManager: this.fieldManager }, MERGE_PATCH),
    });
    return target;
  }

  /** Ready for at least minReadySeconds (the API's transition times have whole seconds, hence the extra second). */
  private stablyReady(p: V1Pod): boolean {
    if (!isReady(p)) return false;
    const since = ms(p.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);
    const settle = this.manifest.minReadySeconds * 1000;
    return !settle || (Number.isFinite(since) && Date.now() - since >= settle + 1000);
  }

  /** Whether the pods show every target rolled out (or stuck on failing new dynos) and removed types gone. */
  private settled(pods: V1Pod[], targets: RolloutTarget[], goneTypes: Set<string>): boolean {
    for (const t of targets) {
      const ofType = pods.filter((p) => typeOf(p) === t.type);
      const fresh = ofType.filter((p) => live(p) && labelsOf(p)[KEYS.templateHash] === t.hash);
      const stale = ofType.filter((p) => !fresh.includes(p));
      const ready = fresh.filter((p) => this.stablyReady(p));
      if (ready.length >= t.replicas && fresh.length === t.replicas && stale.length === 0) continue;
      // Stuck: new dynos fail (crash, cannot start, fail their check) and none is still on its way up. The
      // Deployment keeps old dynos serving meanwhile; a later converge finishes the rollout once they recover.
      const failing = fresh.filter((p) => FAILING.has(mapPodState(p).state));
      if (failing.length && fresh.every((p) => isReady(p) || failing.includes(p)) && ready.length < t.replicas) continue;
      return false;
    }
    return !pods.some((p) => goneTypes.has(typeOf(p)));
  }

  private async awaitRollout(namespace: string, app: NamedRef, targets: RolloutTarget[], goneTypes: Set<string>, before: V1Pod[]): Promise<ConvergeResult> {
    let pods: V1Pod[] = [];
    await pollUntil(
      async () => {
        pods = await this.appPods(namespace, app);
        return this.settled(pods, targets, goneTypes);
      },
      { timeoutMs: this.readyTimeoutMs, intervalMs: this.pollMs },
    );
    const uid = (p: V1Pod) => p.metadata?.uid ?? '';
    const beforeIds = new Set(before.filter(live).map(uid));
    const liveAfter = pods.filter(live);
    const afterIds = new Set(liveAfter.map(uid));
    const started = liveAfter.filter((p) => !beforeIds.has(uid(p)));
    return {
      started: started.map(uid),
      removed: before.filter((p) => live(p) && !afterIds.has(uid(p))).map(uid),
      not_ready: started.filter((p) => !isReady(p)).map(uid),
    };
  }

  async converge(state: DesiredAppState): Promise<ConvergeResult> {
    validateDesiredState(state);
    return this.appLocks.run(state.app.id, async () => {
      const namespace = this.namespaceOf(state.space);
      await this.ensureSpace(state.space);
      const before = await this.appPods(namespace, state.app);
      await this.ensureConfig(namespace, state);
      // The Service comes first so new pods are reachable by name from their first second.
      await this.ensureService(namespace, state);
      const targets = await Promise.all(state.processes.map((p) => this.ensureDeployment(namespace, state, p)));
      const wanted = new Set(state.processes.map((p) => p.type));
      const gone = new Set<string>();
      for (const d of await this.appDeployments(namespace, state.app)) {
        const type = labelsOf(d)[KEYS.type] ?? '';
        if (wanted.has(type)) continue;
        gone.add(type);
        await kubeOrNull(`removing process type ${type}`, () =>
          this.apps.deleteNamespacedDeployment({ name: d.metadata!.name!, namespace, propagationPolicy: 'Background', body: { preconditions: { uid: d.metadata?.uid } } }),
        );
      }
      const result = await this.awaitRollout(namespace, state.app, targets, gone, before);
      await this.pruneConfig(namespace, state.app);
      return result;
    });
  }

  /** Deletes config Secrets no Deployment or live ReplicaSet of the app refers to any more. */
  private async pruneConfig(namespace: string, app: NamedRef): Promise<void> {
    const [secrets, sets, deployments] = await Promise.all([
      kube('listing config secrets', () => this.core.listNamespacedSecret({ namespace, labelSelector: `${appSelector(app)},${KEYS.config}=true` })),
      kube('listing replica sets', () => this.apps.listNamespacedReplicaSet({ namespace, labelSelector: appSelector(app) })),
      this.appDeployments(namespace, app),
    ]);
    const used = new Set<string>();
    const refs = (spec: { template?: { spec?: { containers?: Array<{ envFrom?: Array<{ secretRef?: { name?: string } }> }> } } } | undefined) => {
      for (const c of spec?.template?.spec?.containers ?? []) for (const e of c.envFrom ?? []) if (e.secretRef?.name) used.add(e.secretRef.name);
    };
    for (const d of deployments) refs(d.spec);
    for (const rs of sets.items) if ((rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0) refs(rs.spec);
    for (const s of secrets.items) {
      const name = s.metadata?.name ?? '';
      if (used.has(name)) continue;
      await kubeOrNull(`removing config secret ${name}`, () => this.core.deleteNamespacedSecret({ name, namespace, body: { preconditions: { uid: s.metadata?.uid } } }));
    }
  }

  async listDynos(target: AppTarget): Promise<DynoStatus[]> {
    const pods = await this.appPods(this.namespaceOf(target.space), target.app);
    const now = Date.now();
    return pods
      .map((pod) => {
        const type = typeOf(pod);
        const a = pod.metadata?.annotations ?? {};
        const c = pod.spec?.containers?.[0];
        const status = pod.status?.containerStatuses?.[0];
        const port = a[KEYS.port] ? Number(a[KEYS.port]) : null;
        const created = new Date(ms(pod.metadata?.creationTimestamp) || now);
        const times = [
          ms(pod.metadata?.creationTimestamp),
          ms(status?.state?.running?.startedAt),
          ms(status?.state?.terminated?.finishedAt),
          ms(status?.lastState?.terminated?.finishedAt),
          ...(pod.status?.conditions ?? []).map((x) => ms(x.lastTransitionTime)),
        ].filter(Number.isFinite);
        return {
          id: pod.metadata?.uid ?? '',
          name: dynoName(pod.metadata?.name ?? '', target.app.name, type),
          type,
          ...mapPodState(pod, now),
          command: a[KEYS.command] || [...(c?.command ?? []), ...(c?.args ?? [])].join(' '),
          size: a[KEYS.size] ?? '',
          release: a[KEYS.releaseId] ? { id: a[KEYS.releaseId], version: Number(a[KEYS.releaseVersion]) } : null,
          endpoint: type === WEB_PROCESS_TYPE && port !== null && pod.status?.podIP ? { host: pod.status.podIP, port } : null,
          created_at: created,
          updated_at: new Date(Math.max(created.getTime(), ...times)),
        } satisfies DynoStatus;
      })
      .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  }

  /** CPU and memory of the app's running dynos (or of one, by name) from metrics.k8s.io. */
  dynoUsage(target: AppTarget, dyno?: string): Promise<DynoUsage[]> {
    return readDynoUsage(this.custom, this.namespaceOf(target.space), target, dyno);
  }

  /**
   * The RuntimeMetrics capability from metrics-server: memory as it reports it, under the current bucket (it keeps no
   * history). Its CPU figure is a rate over a window, not the seed's cumulative seconds, so no CPU series is invented.
   */
  async metrics(target: AppTarget, range: MetricsRange): Promise<MetricSeries> {
    const usage = await this.dynoUsage(target);
    return currentSeries(usage.map((u) => ({ memory_usage_bytes: u.memory_bytes, memory_working_set_bytes: u.memory_bytes })), range, new Date());
  }

  async restart(target: AppTarget, options: RestartOptions = {}): Promise<void> {
    return this.appLocks.run(target.app.id, async () => {
      const namespace = this.namespaceOf(target.space);
      const before = await this.appPods(namespace, target.app);
      if (options.dyno) {
        const d = options.dyno;
        const pod = before.find((p) => live(p) && (p.metadata?.uid === d || p.metadata?.name === d || dynoName(p.metadata?.name ?? '', target.app.name, typeOf(p)) === d));
        if (!pod || (options.type && typeOf(pod) !== options.type)) throw new NotFoundError(`dyno ${d} not found`, 'dyno');
        const dep = await kubeOrNull('reading a deployment', () => this.apps.readNamespacedDeployment({ name: deploymentName(target.app, typeOf(pod)), namespace }));
        // The ReplicaSet replaces a deleted pod at once; the wait below lasts until the replacement is ready.
        await kubeOrNull(`restarting dyno ${d}`, () => this.core.deleteNamespacedPod({ name: pod.metadata!.name!, namespace, body: { preconditions: { uid: pod.metadata?.uid } } }));
        if (dep) {
          const hash = dep.spec?.template?.metadata?.labels?.[KEYS.templateHash] ?? '';
          await this.awaitRollout(namespace, target.app, [{ type: typeOf(pod), hash, replicas: dep.spec?.replicas ?? 0 }], new Set(), before);
        }
        return;
      }
      const deployments = (await this.appDeployments(namespace, target.app)).filter((d) => !options.type || labelsOf(d)[KEYS.type] === options.type);
      const stamp = new Date().toISOString();
      const targets: RolloutTarget[] = [];
      for (const d of deployments) {
        const name = d.metadata!.name!;
        let target: RolloutTarget | null = null;
        // A rolling restart is a new pod template: the Deployment replaces dynos one by one, new before old.
        await reconcile<V1Deployment>({
          what: `deployment ${name} in ${namespace}`,
          read: () => kubeOrNull('reading a deployment', () => this.apps.readNamespacedDeployment({ name, namespace })),
          create: async () => undefined,
          patchFor: (cur) => {
            const spec = cur.spec?.template?.metadata?.annotations?.[KEYS.specHash] ?? '';
            const hash = templateHash(spec, stamp);
            target = { type: labelsOf(cur)[KEYS.type] ?? '', hash, replicas: cur.spec?.replicas ?? 0 };
            if (cur.spec?.template?.metadata?.labels?.[KEYS.templateHash] === hash) return null;
            const patch: Manifest = {
              metadata: { resourceVersion: cur.metadata?.resourceVersion },
              spec: { template: { metadata: { labels: { [KEYS.templateHash]: hash }, annotations: { [KEYS.restartedAt]: stamp } } } },
            };
            return patch;
          },
          patch: (body) => this.apps.patchNamespacedDeployment({ name, namespace, body, fieldManager: this.fieldManager }, MERGE_PATCH),
        });
        if (target) targets.push(target);
      }
      await this.awaitRollout(namespace, target.app, targets, new Set(), before);
    });
  }

  logs(target: AppTarget, options: LogOptions = {}): AsyncIterable<LogLine> {
    const namespace = this.namespaceOf(target.space);
    const self = this;
    return (async function* () {
      const pods = (await self.appPods(namespace, target.app)).filter((p) => live(p) && (!options.type || typeOf(p) === options.type));
      const sources = pods.map((p) => ({ namespace, pod: p.metadata!.name!, dyno: dynoName(p.metadata!.name!, target.app.name, typeOf(p)) }));
      yield* readLogs(self.core, self.follower, sources, options);
    })();
  }

  async removeApp(target: AppTarget): Promise<void> {
    return this.appLocks.run(target.app.id, async () => {
      const namespace = this.namespaceOf(target.space);
      for (const d of await this.appDeployments(namespace, target.app)) {
        await kubeOrNull('removing a deployment', () => this.apps.deleteNamespacedDeployment({ name: d.metadata!.name!, namespace, propagationPolicy: 'Background' }));
      }
      const service = await kubeOrNull('reading a service', () => this.core.readNamespacedService({ name: serviceName(target.app), namespace }));
      if (service && labelsOf(service)[KEYS.appId] === labelValue(target.app.id)) {
        await kubeOrNull('removing a service', () => this.core.deleteNamespacedService({ name: serviceName(target.app), namespace }));
      }
      const secrets = await kube('listing secrets', () => this.core.listNamespacedSecret({ namespace, labelSelector: appSelector(target.app) }));
      for (const s of secrets.items) await kubeOrNull('removing a secret', () => this.core.deleteNamespacedSecret({ name: s.metadata!.name!, namespace }));
      // Done means no dyno left: wait for the garbage collector and the kubelet to finish the pods.
      await pollUntil(async () => (await this.appPods(namespace, target.app)).length === 0, { timeoutMs: this.readyTimeoutMs, intervalMs: this.pollMs });
    });
  }

  async ensureSpace(space: NamedRef): Promise<void> {
    const name = this.namespaceOf(space);
    const exists = await pollUntil(
      async () => {
        const ns = await kubeOrNull(`reading namespace ${name}`, () => this.core.readNamespace({ name }));
        if (ns && !ns.metadata?.deletionTimestamp) return true;
        if (ns) return false;
        try {
          await this.core.createNamespace({ body: namespaceManifest(name, space, this.extraLabels), fieldManager: this.fieldManager });
          return true;
        } catch (err) {
          // Another controller created it first (fine), or it is still terminating (wait and create again).
          if (apiStatus(err) !== 409) throw toDomainError(err, `creating namespace ${name}`);
          return false;
        }
      },
      { timeoutMs: this.readyTimeoutMs, intervalMs: this.pollMs },
    );
    if (!exists) throw new ConflictError(`namespace ${name} is still being deleted`, 'space');
  }

  async removeSpace(space: NamedRef): Promise<void> {
    const name = this.namespaceOf(space);
    const ns = await kubeOrNull(`reading namespace ${name}`, () => this.core.readNamespace({ name }));
    if (!ns || ns.metadata?.deletionTimestamp) return;
    const pods = await kube(`listing pods of space ${space.name}`, () => this.core.listNamespacedPod({ namespace: name }));
    if (pods.items.some(live)) throw new ConflictError(`space ${space.name} still has running dynos`, 'space');
    await kubeOrNull(`removing namespace ${name}`, () => this.core.deleteNamespace({ name, body: { preconditions: { uid: ns.metadata?.uid } } }));
  }

  /**
   * Watches pods and deployments cluster-wide (label `app.kubernetes.io/managed-by=slipway`) and reports crashes
   * (H0, H8, H9, H10, H20, H99, R14) and completed rollouts (`released`).
   */
  async watchEvents(onEvent: (event: RuntimeEvent) => void): Promise<RuntimeEventSubscription> {
    return this.watchers.add(new RuntimeEventWatcher(this.kc, this.core, this.apps, onEvent, this.bootTimeoutMs), (w) => w.start());
  }

  async close(): Promise<void> {
    await this.appLocks.idle();
    await this.watchers.closeAll();
  }
}

/** Creates the Kubernetes RuntimeDriver; the host passes it to the platform as its runtime. */
export function kubernetesRuntime(options: KubernetesRuntimeOptions = {}): KubernetesRuntimeDriver {
  return new KubernetesRuntimeDriver(options);
}

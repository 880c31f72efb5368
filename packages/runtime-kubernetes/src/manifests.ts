import { WEB_PROCESS_TYPE, type DesiredAppState, type NamedRef, type ProcessSpec } from '@slipway/core';
import { canonicalJson } from '@slipway/driver-kit';
import type { Manifest } from '@slipway/kube-kit';
import { CONTAINER, KEYS, appAnnotations, appLabels, configSecretName, deploymentName, digest, labelValue, serviceName } from './names.js';

/** Knobs of the generated manifests that come from driver options rather than the desired state. */
export interface ManifestOptions {
  labels: Record<string, string>;
  minReadySeconds: number;
  probePeriodSeconds: number;
  bootTimeoutSeconds: number;
  terminationGracePeriodSeconds: number;
  revisionHistoryLimit: number;
  imagePullSecrets: string[];
}

/** A plain manifest object (the client's typed models would drop fields it does not know). */
export type { Manifest };

/** Digest of the config vars; names the immutable Secret, so a config change rolls pods and old pods keep theirs. */
export function envHash(env: Record<string, string>): string {
  return digest(canonicalJson(env), 32);
}

/** Memory in Kubernetes quantity notation, in Mi when exact (readable in kubectl), else plain bytes. */
export function memoryQuantity(bytes: number): string {
  return bytes % 2 ** 20 === 0 ? `${bytes / 2 ** 20}Mi` : String(bytes);
}

/** The config Secret of one env version: immutable, so rollouts and rollbacks never see a half-changed config. */
export function configSecret(state: DesiredAppState, o: ManifestOptions): Manifest {
  const hash = envHash(state.env);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: configSecretName(state.app, hash),
      labels: { ...appLabels(state.app, state.space, o.labels), [KEYS.config]: 'true' },
      annotations: appAnnotations(state.app, state.space),
    },
    type: 'Opaque',
    immutable: true,
    data: Object.fromEntries(Object.entries(state.env).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')])),
  };
}

/** The web Service: ClusterIP, port = process port, so apps of a space call each other at `http://<app>:<port>`. */
export function webService(state: DesiredAppState, web: ProcessSpec, o: ManifestOptions): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: serviceName(state.app), labels: { ...appLabels(state.app, state.space, o.labels), [KEYS.component]: WEB_PROCESS_TYPE }, annotations: appAnnotations(state.app, state.space) },
    spec: {
      type: 'ClusterIP',
      selector: { [KEYS.appId]: labelValue(state.app.id), [KEYS.type]: WEB_PROCESS_TYPE },
      ports: [{ name: 'http', port: web.port, targetPort: web.port, protocol: 'TCP' }],
    },
  };
}

/** Hash of everything a process type's pods are made from (not the restart stamp): equal means leave pods alone. */
export function specHash(state: DesiredAppState, p: ProcessSpec, o: ManifestOptions): string {
  const { quantity: _q, ...process } = p;
  return digest(canonicalJson({ release: state.release, image: state.image, env: envHash(state.env), process, o: { ...o, labels: undefined } }), 32);
}

/** The pod-template identity: the spec hash plus the last restart stamp (a restart is a new template). */
export function templateHash(spec: string, restartedAt: string): string {
  return digest(`${spec}|${restartedAt}`, 20);
}

function probes(p: ProcessSpec, o: ManifestOptions): Manifest {
  if (p.port === null) return {};
  const period = o.probePeriodSeconds;
  const out: Manifest = {};
  if (p.healthcheck !== null) out.readinessProbe = { httpGet: { path: p.healthcheck, port: p.port }, periodSeconds: period, timeoutSeconds: Math.max(1, period), failureThreshold: 3 };
  else if (p.type === WEB_PROCESS_TYPE) out.readinessProbe = { tcpSocket: { port: p.port }, periodSeconds: period, timeoutSeconds: Math.max(1, period), failureThreshold: 3 };
  // Liveness only asks "does it still listen": a failing health check holds traffic back but does not kill the
  // dyno, so it shows as probe-failure; a process that never binds its port is restarted after the boot timeout (H20).
  if (p.type === WEB_PROCESS_TYPE) {
    out.livenessProbe = { tcpSocket: { port: p.port }, initialDelaySeconds: o.bootTimeoutSeconds, periodSeconds: Math.max(period, 10), timeoutSeconds: Math.max(1, period), failureThreshold: 3 };
  }
  return out;
}

/** The Deployment of one process type, with its template stamped by `restartedAt` (kept from the live object). */
export function deployment(state: DesiredAppState, p: ProcessSpec, o: ManifestOptions, restartedAt: string): Manifest {
  const spec = specHash(state, p, o);
  const selector = { [KEYS.appId]: labelValue(state.app.id), [KEYS.type]: p.type };
  const labels = { ...appLabels(state.app, state.space, o.labels), [KEYS.type]: p.type, [KEYS.name]: labelValue(state.app.name), [KEYS.component]: p.type };
  const annotations = { ...appAnnotations(state.app, state.space), [KEYS.releaseId]: state.release.id, [KEYS.releaseVersion]: String(state.release.version) };
  const secret = configSecretName(state.app, envHash(state.env));
  const container: Manifest = {
    name: CONTAINER,
    image: state.image,
    imagePullPolicy: 'IfNotPresent',
    // Heroku semantics: a formation command replaces the image's entrypoint and runs through a shell.
    ...(p.command !== null ? { command: ['/bin/sh', '-c', p.command] } : {}),
    envFrom: [{ secretRef: { name: secret } }],
    ...(p.port !== null ? { env: [{ name: 'PORT', value: String(p.port) }] } : {}),
    ...(p.port !== null ? { ports: [{ name: 'http', containerPort: p.port, protocol: 'TCP' }] } : {}),
    ...(p.memory_bytes !== null ? { resources: { limits: { memory: memoryQuantity(p.memory_bytes) }, requests: { memory: memoryQuantity(p.memory_bytes) } } } : {}),
    ...probes(p, o),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: deploymentName(state.app, p.type), labels, annotations },
    spec: {
      replicas: p.quantity,
      // A dyno that exits right after starting must not pass for available (and let old dynos go).
      minReadySeconds: o.minReadySeconds,
      revisionHistoryLimit: o.revisionHistoryLimit,
      // New dynos start before old ones stop, so a ready web dyno serves throughout.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: { ...labels, [KEYS.templateHash]: templateHash(spec, restartedAt), [KEYS.releaseVersion]: String(state.release.version) },
          annotations: {
            ...annotations,
            [KEYS.size]: p.size,
            [KEYS.command]: p.command ?? '',
            [KEYS.port]: p.port === null ? '' : String(p.port),
            [KEYS.healthcheck]: p.healthcheck ?? '',
            [KEYS.specHash]: spec,
            [KEYS.restartedAt]: restartedAt,
          },
        },
        spec: {
          containers: [container],
          terminationGracePeriodSeconds: o.terminationGracePeriodSeconds,
          // Dynos get their config from Slipway, not from the cluster: no service env vars, no API token.
          enableServiceLinks: false,
          automountServiceAccountToken: false,
          ...(o.imagePullSecrets.length ? { imagePullSecrets: o.imagePullSecrets.map((name) => ({ name })) } : {}),
        },
      },
    },
  };
}

/** The namespace of a space. */
export function namespaceManifest(name: string, space: NamedRef, labels: Record<string, string>): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { ...labels, 'app.kubernetes.io/managed-by': 'slipway', [KEYS.spaceId]: labelValue(space.id) }, annotations: { [KEYS.space]: space.name, [KEYS.spaceIdExact]: space.id } },
  };
}

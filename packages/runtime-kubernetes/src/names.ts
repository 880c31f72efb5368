import type { NamedRef } from '@slipway/core';
import { MANAGER, appServiceName, labelValue, spaceNamespace } from '@slipway/kube-kit';

/** Shared with the Kubernetes routers, so both name and label objects alike. */
export { MANAGER, digest, labelValue } from '@slipway/kube-kit';

/** Label and annotation keys the driver writes; `app.kubernetes.io/*` are the well-known ones tools understand. */
export const KEYS = {
  managedBy: 'app.kubernetes.io/managed-by',
  name: 'app.kubernetes.io/name',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  appId: 'slipway.io/app-id',
  spaceId: 'slipway.io/space-id',
  type: 'slipway.io/type',
  templateHash: 'slipway.io/template-hash',
  releaseVersion: 'slipway.io/release-version',
  config: 'slipway.io/config',
  // Annotations (free-form values: the exact ids and names, which labels may not hold verbatim).
  app: 'slipway.io/app',
  appIdExact: 'slipway.io/app-id',
  space: 'slipway.io/space',
  spaceIdExact: 'slipway.io/space-id',
  releaseId: 'slipway.io/release-id',
  size: 'slipway.io/size',
  command: 'slipway.io/command',
  port: 'slipway.io/port',
  healthcheck: 'slipway.io/healthcheck',
  specHash: 'slipway.io/spec-hash',
  restartedAt: 'slipway.io/restarted-at',
} as const;

/** The one container of every dyno pod. */
export const CONTAINER = 'app';

/** The namespace of a space: `<prefix><space name>`. */
export function namespaceName(prefix: string, space: NamedRef): string {
  return spaceNamespace(prefix, space.name);
}

/** The Deployment of one process type: `<app>-<type>` (app names have no dashes, so this cannot collide). */
export function deploymentName(app: NamedRef, type: string): string {
  return `${app.name}-${type}`;
}

/** The Service fronting web dynos, named after the app so other apps of the space reach it as `http://<app>:<port>`. */
export function serviceName(app: NamedRef): string {
  return appServiceName(app.name);
}

/** The immutable Secret holding one version of the app's config vars. */
export function configSecretName(app: NamedRef, envHash: string): string {
  return `${app.name}-config-${envHash.slice(0, 10)}`;
}

/** Label selector of every object of an app. */
export function appSelector(app: NamedRef): string {
  return `${KEYS.managedBy}=${MANAGER},${KEYS.appId}=${labelValue(app.id)}`;
}

/** Labels naming app and space, on every object of an app. */
export function appLabels(app: NamedRef, space: NamedRef, extra: Record<string, string>): Record<string, string> {
  return {
    ...extra,
    [KEYS.managedBy]: MANAGER,
    [KEYS.partOf]: labelValue(app.name),
    [KEYS.appId]: labelValue(app.id),
    [KEYS.spaceId]: labelValue(space.id),
  };
}

/** Annotations carrying the exact app and space ids and names (events are built from them). */
export function appAnnotations(app: NamedRef, space: NamedRef): Record<string, string> {
  return { [KEYS.app]: app.name, [KEYS.appIdExact]: app.id, [KEYS.space]: space.name, [KEYS.spaceIdExact]: space.id };
}

/** Dyno name of a pod: `<type>.<what the ReplicaSet appended>`, e.g. `web.7d9c8f6b5-k2x9f`. */
export function dynoName(podName: string, app: string, type: string): string {
  const prefix = `${app}-${type}-`;
  return `${type}.${podName.startsWith(prefix) ? podName.slice(prefix.length) : podName}`;
}

import type { KubeObject } from './objects.js';
import { invalid } from './status.js';
import { defaultRouting, validateRouting } from './routing-admission.js';
import { matchesSelectorObject } from './selectors.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

type Cause = { field: string; message: string };

function validateName(kind: string, name: string, causes: Cause[]): void {
  const rule = kind === 'Namespace' ? DNS1123_LABEL : kind === 'Service' ? DNS1035_LABEL : DNS1123_SUBDOMAIN;
  const max = kind === 'Namespace' || kind === 'Service' ? 63 : 253;
  if (!name) causes.push({ field: 'metadata.name', message: 'Required value: name or generateName is required' });
  else if (!rule.test(name) || name.length > max) {
    causes.push({ field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC ${kind === 'Service' ? '1035' : '1123'} name must match ${rule.source} (at most ${max} characters)` });
  }
}

function validateLabels(path: string, labels: Record<string, string> | undefined, causes: Cause[]): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const name = k.includes('/') ? k.slice(k.indexOf('/') + 1) : k;
    const prefix = k.includes('/') ? k.slice(0, k.indexOf('/')) : '';
    if (!LABEL_KEY_NAME.test(name) || name.length > 63 || (prefix && !DNS1123_SUBDOMAIN.test(prefix))) {
      causes.push({ field: `${path}`, message: `Invalid value: "${k}": name part must consist of alphanumeric characters, '-', '_' or '.'` });
    }
    if (typeof v !== 'string' || !LABEL_VALUE.test(v) || v.length > 63) {
      causes.push({ field: `${path}`, message: `Invalid value: "${String(v)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', at most 63 characters` });
    }
  }
}

function defaultProbe(p: Record<string, unknown> | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  const http = p.httpGet as Record<string, unknown> | undefined;
  if (http) http.scheme ??= 'HTTP';
}

/** Pod-spec defaults the real API server fills in; drivers must not treat them as drift. */
export function defaultPodSpec(spec: Record<string, unknown> & { containers?: Array<Record<string, unknown>> }): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of spec.containers ?? []) {
    const image = String(c.image ?? '');
    const tagged = /:[^/]+$/.test(image) && !image.endsWith(':latest');
    c.imagePullPolicy ??= tagged || image.includes('@') ? 'IfNotPresent' : 'Always';
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
    for (const port of (c.ports as Array<Record<string, unknown>> | undefined) ?? []) port.protocol ??= 'TCP';
    defaultProbe(c.readinessProbe as Record<string, unknown> | undefined);
    defaultProbe(c.livenessProbe as Record<string, unknown> | undefined);
    defaultProbe(c.startupProbe as Record<string, unknown> | undefined);
  }
}

function validatePodSpec(path: string, spec: { containers?: Array<Record<string, unknown>> } | undefined, causes: Cause[]): void {
  const containers = spec?.containers ?? [];
  if (!containers.length) causes.push({ field: `${path}.containers`, message: 'Required value' });
  containers.forEach((c, i) => {
    if (!c.name || !DNS1123_LABEL.test(String(c.name))) causes.push({ field: `${path}.containers[${i}].name`, message: `Invalid value: "${String(c.name ?? '')}"` });
    if (!c.image) causes.push({ field: `${path}.containers[${i}].image`, message: 'Required value' });
    for (const [j, e] of ((c.env as Array<{ name?: string }> | undefined) ?? []).entries()) {
      if (!e.name || !ENV_NAME.test(e.name)) causes.push({ field: `${path}.containers[${i}].env[${j}].name`, message: `Invalid value: "${e.name ?? ''}"` });
    }
  });
}

function percentOrInt(v: unknown): boolean {
  return v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && /^\d+%$/.test(v));
}

/** Fills in the defaults the real API server writes on create and update, per kind. */
export function applyDefaults(kind: string, obj: KubeObject): void {
  defaultRouting(kind, obj);
  if (kind === 'Deployment' || kind === 'ReplicaSet') {
    obj.spec ??= {};
    obj.spec.replicas ??= 1;
    obj.spec.template ??= {};
    obj.spec.template.metadata ??= {};
    obj.spec.template.spec ??= {};
    defaultPodSpec(obj.spec.template.spec);
    if (kind === 'Deployment') {
      obj.spec.revisionHistoryLimit ??= 10;
      obj.spec.progressDeadlineSeconds ??= 600;
      obj.spec.strategy ??= { type: 'RollingUpdate' };
      obj.spec.strategy.type ??= 'RollingUpdate';
      if (obj.spec.strategy.type === 'RollingUpdate') {
        obj.spec.strategy.rollingUpdate ??= {};
        obj.spec.strategy.rollingUpdate.maxSurge ??= '25%';
        obj.spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      }
    }
  }
  if (kind === 'Pod') {
    obj.spec ??= {};
    defaultPodSpec(obj.spec);
  }
  if (kind === 'Service') {
    obj.spec ??= {};
    obj.spec.type ??= 'ClusterIP';
    obj.spec.sessionAffinity ??= 'None';
    obj.spec.internalTrafficPolicy ??= 'Cluster';
    obj.spec.ipFamilies ??= ['IPv4'];
    obj.spec.ipFamilyPolicy ??= 'SingleStack';
    for (const p of (obj.spec.ports as Array<Record<string, unknown>> | undefined) ?? []) {
      p.protocol ??= 'TCP';
      p.targetPort ??= p.port;
    }
  }
  if (kind === 'Secret') {
    obj.type ??= 'Opaque';
    const stringData = obj.stringData as Record<string, string> | undefined;
    if (stringData) {
      const data = ((obj.data as Record<string, string> | undefined) ?? {}) as Record<string, string>;
      for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      obj.data = data;
      delete obj.stringData;
    }
  }
  if (kind === 'Namespace') {
    obj.spec ??= {};
    obj.spec.finalizers ??= ['kubernetes'];
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
  }
}

/** Validates an object on create (`old` undefined) or update, throwing 422 Invalid with field causes. */
export function validate(kind: string, group: string, obj: KubeObject, old?: KubeObject): void {
  const causes: Cause[] = [];
  validateName(kind, obj.metadata.name, causes);
  validateLabels('metadata.labels', obj.metadata.labels, causes);
  if (kind === 'Deployment' || kind === 'ReplicaSet') {
    const spec = obj.spec ?? {};
    if (!spec.selector || (!spec.selector.matchLabels && !spec.selector.matchExpressions)) causes.push({ field: 'spec.selector', message: 'Required value' });
    else if (!matchesSelectorObject(spec.selector, spec.template?.metadata?.labels)) {
      causes.push({ field: 'spec.template.metadata.labels', message: 'Invalid value: `selector` does not match template `labels`' });
    }
    if (typeof spec.replicas !== 'number' || !Number.isInteger(spec.replicas) || spec.replicas < 0) {
      causes.push({ field: 'spec.replicas', message: 'Invalid value: must be greater than or equal to 0' });
    }
    validateLabels('spec.template.metadata.labels', spec.template?.metadata?.labels, causes);
    validatePodSpec('spec.template.spec', spec.template?.spec, causes);
    const ru = spec.strategy?.rollingUpdate;
    if (ru && (!percentOrInt(ru.maxSurge) || !percentOrInt(ru.maxUnavailable))) causes.push({ field: 'spec.strategy.rollingUpdate', message: 'Invalid value' });
    if (ru && (ru.maxSurge === 0 || ru.maxSurge === '0%') && (ru.maxUnavailable === 0 || ru.maxUnavailable === '0%')) {
      causes.push({ field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: may not be 0 when `maxSurge` is 0' });
    }
    if (old && JSON.stringify(old.spec?.selector) !== JSON.stringify(spec.selector)) {
      causes.push({ field: 'spec.selector', message: 'Invalid value: field is immutable' });
    }
  }
  if (kind === 'Pod') validatePodSpec('spec', obj.spec, causes);
  if (kind === 'Service') {
    const ports = (obj.spec?.ports as Array<{ port?: number }> | undefined) ?? [];
    if (!ports.length && obj.spec?.clusterIP !== 'None') causes.push({ field: 'spec.ports', message: 'Required value' });
    ports.forEach((p, i) => {
      if (!Number.isInteger(p.port) || (p.port ?? 0) < 1 || (p.port ?? 0) > 65535) causes.push({ field: `spec.ports[${i}].port`, message: 'Invalid value: must be between 1 and 65535' });
    });
    if (old?.spec?.clusterIP && obj.spec?.clusterIP && old.spec.clusterIP !== obj.spec.clusterIP) {
      causes.push({ field: 'spec.clusterIP', message: 'Invalid value: field is immutable' });
    }
  }
  if (kind === 'Secret') {
    for (const [k, v] of Object.entries((obj.data as Record<string, string> | undefined) ?? {})) {
      if (!/^[-._a-zA-Z0-9]+$/.test(k)) causes.push({ field: `data[${k}]`, message: `Invalid value: "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'` });
      if (typeof v !== 'string' || !BASE64.test(v)) causes.push({ field: `data[${k}]`, message: 'Invalid value: illegal base64 data' });
    }
    if (old?.immutable === true && (JSON.stringify(old.data ?? {}) !== JSON.stringify(obj.data ?? {}) || obj.immutable !== true)) {
      causes.push({ field: 'data', message: 'Forbidden: field is immutable when `immutable` is set' });
    }
  }
  validateRouting(kind, obj, causes);
  if (causes.length) throw invalid(kind, group, obj.metadata.name, causes);
}

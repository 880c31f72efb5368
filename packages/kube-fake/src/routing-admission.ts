import type { KubeObject } from './objects.js';

/** One invalid field, as admission reports it. */
export interface FieldCause {
  field: string;
  message: string;
}

// The Gateway API CRD's hostname pattern; Ingress hosts follow the same rule (a wildcard covers one label).
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PATH_TYPES = ['Exact', 'PathPrefix', 'RegularExpression'];
const INGRESS_PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'];

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The defaults the HTTPRoute CRD's OpenAPI schema declares: the API server writes them on every create and update,
 * so a driver comparing what it sent with what it reads back must expect them.
 */
function defaultHttpRoute(o: KubeObject): void {
  o.spec ??= {};
  const spec = o.spec as Loose;
  for (const p of (spec.parentRefs as Loose[] | undefined) ?? []) {
    p.group ??= 'gateway.networking.k8s.io';
    p.kind ??= 'Gateway';
  }
  spec.rules ??= [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }];
  for (const rule of spec.rules as Loose[]) {
    rule.matches ??= [{ path: { type: 'PathPrefix', value: '/' } }];
    for (const m of rule.matches as Loose[]) {
      m.path ??= { type: 'PathPrefix', value: '/' };
      m.path.type ??= 'PathPrefix';
      m.path.value ??= '/';
    }
    for (const b of (rule.backendRefs as Loose[] | undefined) ?? []) {
      b.group ??= '';
      b.kind ??= 'Service';
      b.weight ??= 1;
    }
  }
}

/** Validation the HTTPRoute CRD's schema and CEL rules enforce (the subset a router driver can trip over). */
function validateHttpRoute(o: KubeObject, causes: FieldCause[]): void {
  const spec = (o.spec ?? {}) as Loose;
  const hostnames = (spec.hostnames as unknown[] | undefined) ?? [];
  if (hostnames.length > 16) causes.push({ field: 'spec.hostnames', message: 'Too many: must have at most 16 items' });
  hostnames.forEach((h, i) => {
    if (typeof h !== 'string' || !HOSTNAME.test(h) || h.length > 253) causes.push({ field: `spec.hostnames[${i}]`, message: `Invalid value: "${String(h)}": should match '${HOSTNAME.source}'` });
  });
  ((spec.parentRefs as Loose[] | undefined) ?? []).forEach((p, i) => {
    if (!p.name) causes.push({ field: `spec.parentRefs[${i}].name`, message: 'Required value' });
  });
  const rules = (spec.rules as Loose[] | undefined) ?? [];
  if (rules.length > 16) causes.push({ field: 'spec.rules', message: 'Too many: must have at most 16 items' });
  rules.forEach((rule, i) => {
    const matches = (rule.matches as Loose[] | undefined) ?? [];
    matches.forEach((m, j) => {
      const path = m.path as Loose;
      if (!PATH_TYPES.includes(path.type)) causes.push({ field: `spec.rules[${i}].matches[${j}].path.type`, message: `Unsupported value: "${String(path.type)}"` });
      if (path.type !== 'RegularExpression' && (typeof path.value !== 'string' || !path.value.startsWith('/') || path.value.includes('//'))) {
        causes.push({ field: `spec.rules[${i}].matches[${j}].path`, message: 'Invalid value: value must be an absolute path and start with \'/\' when type one of [\'Exact\', \'PathPrefix\']' });
      }
    });
    ((rule.filters as Loose[] | undefined) ?? []).forEach((f, j) => {
      if (f.type === 'URLRewrite') {
        if (!f.urlRewrite) causes.push({ field: `spec.rules[${i}].filters[${j}]`, message: 'Invalid value: filter.urlRewrite must be specified for URLRewrite filter.type' });
        const p = f.urlRewrite?.path as Loose | undefined;
        if (p?.type === 'ReplacePrefixMatch') {
          if (typeof p.replacePrefixMatch !== 'string' || !p.replacePrefixMatch.startsWith('/')) causes.push({ field: `spec.rules[${i}].filters[${j}].urlRewrite.path`, message: 'Invalid value: replacePrefixMatch must be specified when type is set to \'ReplacePrefixMatch\'' });
          if (matches.length !== 1 || matches[0].path?.type !== 'PathPrefix') {
            causes.push({ field: `spec.rules[${i}]`, message: 'Invalid value: When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified' });
          }
        }
      }
    });
    ((rule.backendRefs as Loose[] | undefined) ?? []).forEach((b, j) => {
      if (!b.name) causes.push({ field: `spec.rules[${i}].backendRefs[${j}].name`, message: 'Required value' });
      if (b.group === '' && b.kind === 'Service' && b.port === undefined) causes.push({ field: `spec.rules[${i}].backendRefs[${j}]`, message: 'Invalid value: Must have port for Service reference' });
    });
  });
}

/** Validation of `networking.k8s.io/v1` Ingress (the API server's own, not a controller's). */
function validateIngress(o: KubeObject, causes: FieldCause[]): void {
  const spec = (o.spec ?? {}) as Loose;
  if (spec.ingressClassName !== undefined && !DNS1123_SUBDOMAIN.test(String(spec.ingressClassName))) causes.push({ field: 'spec.ingressClassName', message: `Invalid value: "${String(spec.ingressClassName)}"` });
  const backend = (b: Loose | undefined, field: string) => {
    const s = b?.service as Loose | undefined;
    if (!s && !b?.resource) return causes.push({ field, message: 'Required value: one of service or resource' });
    if (s) {
      if (!s.name) causes.push({ field: `${field}.service.name`, message: 'Required value' });
      const byNumber = s.port?.number !== undefined;
      if (byNumber === (s.port?.name !== undefined)) causes.push({ field: `${field}.service.port`, message: 'Invalid value: exactly one of name or number is required' });
    }
  };
  if (spec.defaultBackend) backend(spec.defaultBackend, 'spec.defaultBackend');
  const rules = (spec.rules as Loose[] | undefined) ?? [];
  if (!rules.length && !spec.defaultBackend) causes.push({ field: 'spec.rules', message: 'Required value: either `defaultBackend` or `rules` must be specified' });
  rules.forEach((rule, i) => {
    if (rule.host !== undefined && !HOSTNAME.test(String(rule.host))) causes.push({ field: `spec.rules[${i}].host`, message: `Invalid value: "${String(rule.host)}"` });
    const paths = (rule.http?.paths as Loose[] | undefined) ?? [];
    if (rule.http && !paths.length) causes.push({ field: `spec.rules[${i}].http.paths`, message: 'Required value' });
    paths.forEach((p, j) => {
      const field = `spec.rules[${i}].http.paths[${j}]`;
      if (!INGRESS_PATH_TYPES.includes(p.pathType)) causes.push({ field: `${field}.pathType`, message: p.pathType === undefined ? 'Required value: pathType must be specified' : `Unsupported value: "${String(p.pathType)}"` });
      if (p.pathType !== 'ImplementationSpecific' && (typeof p.path !== 'string' || !p.path.startsWith('/'))) causes.push({ field: `${field}.path`, message: 'Invalid value: must be an absolute path' });
      backend(p.backend, `${field}.backend`);
    });
  });
  ((spec.tls as Loose[] | undefined) ?? []).forEach((t, i) => {
    ((t.hosts as unknown[] | undefined) ?? []).forEach((h, j) => {
      if (typeof h !== 'string' || !HOSTNAME.test(h)) causes.push({ field: `spec.tls[${i}].hosts[${j}]`, message: `Invalid value: "${String(h)}"` });
    });
  });
}

/** `kubernetes.io/tls` Secrets must carry both halves of the key pair. */
function validateTlsSecret(o: KubeObject, causes: FieldCause[]): void {
  if (o.type !== 'kubernetes.io/tls') return;
  const data = (o.data as Record<string, string> | undefined) ?? {};
  for (const key of ['tls.crt', 'tls.key']) if (data[key] === undefined) causes.push({ field: `data[${key}]`, message: 'Required value' });
}

/** Defaults of the routing kinds, on create and update. */
export function defaultRouting(kind: string, o: KubeObject): void {
  if (kind === 'HTTPRoute') defaultHttpRoute(o);
}

/** Validation of the routing kinds and TLS secrets, appending to `causes`. */
export function validateRouting(kind: string, o: KubeObject, causes: FieldCause[]): void {
  if (kind === 'HTTPRoute') validateHttpRoute(o, causes);
  if (kind === 'Ingress') validateIngress(o, causes);
  if (kind === 'Secret') validateTlsSecret(o, causes);
}

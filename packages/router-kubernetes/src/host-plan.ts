import { ValidationError, type HostSpec } from '@slipway/core';
import { namespaceName, serviceName } from './names.js';

/** One path of a host as a Kubernetes route sees it: a prefix, its rewrite, and the Service it goes to. */
export interface PlannedPath {
  path: string;
  target_path: string;
  /** The app's web Service, in the group's namespace. */
  service: string;
  port: number;
  /** The app is in maintenance: no backend, so the Gateway (or ingress controller) answers 503. */
  maintenance: boolean;
}

/** The paths of one host whose apps live in one namespace: one route object. */
export interface NamespaceGroup {
  namespace: string;
  paths: PlannedPath[];
}

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether `host` is a lowercase DNS name (optionally a `*.` wildcard), the form both route kinds accept. */
export function validHost(host: string): boolean {
  return host.length <= 253 && HOST.test(host);
}

/**
 * Splits a host's routes by the namespace of their target app. Gateway API and Ingress both reach Services of
 * their own namespace only (without a ReferenceGrant), and both merge the rules of every route object of one
 * host with longest-prefix precedence, so one object per namespace serves exactly the spec. Groups and paths are
 * sorted so every replica computes the same objects.
 */
export function planHost(spec: HostSpec, namespacePrefix: string): NamespaceGroup[] {
  if (!validHost(spec.host)) throw new ValidationError(`host ${JSON.stringify(spec.host)} is not a lowercase DNS name`, 'host');
  const seen = new Set<string>();
  const groups = new Map<string, PlannedPath[]>();
  for (const r of spec.routes) {
    if (!r.path.startsWith('/') || !r.target_path.startsWith('/')) throw new ValidationError(`route paths must start with "/" (got ${JSON.stringify(r.path)} -> ${JSON.stringify(r.target_path)})`, 'path');
    if (seen.has(r.path)) throw new ValidationError(`path ${r.path} is routed twice on ${spec.host}`, 'path');
    seen.add(r.path);
    if (!Number.isInteger(r.target.port) || r.target.port < 1 || r.target.port > 65535) throw new ValidationError(`the web port of ${r.target.app_key} is not a port number`, 'port');
    const namespace = namespaceName(namespacePrefix, r.target.space);
    const paths = groups.get(namespace) ?? [];
    paths.push({ path: r.path, target_path: r.target_path, service: serviceName(r.target.app), port: r.target.port, maintenance: r.target.maintenance });
    groups.set(namespace, paths);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([namespace, paths]) => ({ namespace, paths: paths.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) }));
}

/** Whether a certificate domain covers `host` (`*.` covers exactly one label, as in TLS). */
export function covers(domain: string, host: string): boolean {
  const d = domain.toLowerCase();
  if (d === host) return true;
  if (!d.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === d.slice(2) && !host.startsWith('*.');
}

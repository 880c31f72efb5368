import { ValidationError } from '../../../errors.js';
import type { Timestamps } from '../../foundation/domain/records.js';

/** A site: a domain whose paths are routed to apps of its region. */
export interface Site extends Timestamps {
  id: string;
  /** Lowercase host name without a trailing dot; unique. */
  domain: string;
  /** Region name (from the host catalog). */
  region: string;
  /** Whether the site routes to internal apps (shown as the `internal` compliance tag). */
  internal: boolean;
}

/** A path route of a site to an app: requests under `source_path` reach the app with the prefix swapped for `target_path`. */
export interface SiteRoute extends Timestamps {
  id: string;
  site_id: string;
  app_id: string;
  source_path: string;
  target_path: string;
}

/** Labels of a host name: alphanumerics and inner hyphens, up to 63 characters each. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Path characters the seed allows in source and target paths. */
const PATH = /^\/[A-Za-z0-9_/.-]*$/;

/** Lowercases a domain and drops a trailing dot, so `WWW.Example.com.` and `www.example.com` are one site. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

/** Throws a ValidationError on `domain` unless it is a host name (alphanumerics, hyphens and full stops). */
export function assertDomain(domain: string): void {
  const labels = domain.split('.');
  if (domain.length > 253 || !labels.every((l) => LABEL.test(l))) {
    throw new ValidationError('The domain name of a site must only use alphanumerics, hyphens and periods (labels of 1 to 63 characters).', 'domain');
  }
}

/**
 * A source or target path as stored: starting with `/`, no trailing slash except the root, so `/api` and `/api/`
 * are the same route (routers match prefixes on segment boundaries).
 */
export function normalizePath(path: string, field: string): string {
  const p = path.trim() === '' ? '/' : path.trim();
  if (!PATH.test(p) || p.includes('//') || p.split('/').some((s) => s === '..')) {
    throw new ValidationError(`The ${field} of a route must start with / and only use letters, digits, _ - . and /.`, field);
  }
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/** The default host of an app: `{app}-{space}.{apps domain}`. */
export function appHost(appKey: string, appsDomain: string): string {
  return `${appKey}.${appsDomain}`.toLowerCase();
}

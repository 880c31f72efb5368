import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostRoute, HostSpec, RouteTarget } from '@slipway/core';
import type { KubeFake, RequestRecord } from '@slipway/kube-fake';

/** A route target as the core hands it to a router: app `name` of `space`, web port `port`. */
export function target(app: string, space: string, port = 5000, maintenance = false): RouteTarget {
  return { app_id: `id-${app}-${space}`, app_key: `${app}-${space}`, app, space, port, backends: [], maintenance };
}

/** An app's default host: one route `/`. */
export function appHost(host: string, t: RouteTarget): HostSpec {
  return { host, kind: 'app', routes: [{ path: '/', target_path: '/', target: t }] };
}

/** A site with path routes. */
export function site(host: string, routes: Array<[path: string, targetPath: string, t: RouteTarget]>): HostSpec {
  return { host, kind: 'site', routes: routes.map(([path, target_path, t]): HostRoute => ({ path, target_path, target: t })) };
}

/** A throwaway self-signed certificate and key (openssl), so the Secret holds real PEM. */
export function selfSigned(domains: string[]): { cert_pem: string; key_pem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'slw-cert-'));
  try {
    const san = domains.map((d) => `DNS:${d}`).join(',');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${domains[0]}`, '-addext', `subjectAltName=${san}`, '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
    return { cert_pem: readFileSync(join(dir, 'c.pem'), 'utf8'), key_pem: readFileSync(join(dir, 'k.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates namespaces on the fake (the runtime driver makes them for spaces; the router never does). */
export async function createNamespaces(fake: KubeFake, names: string[]): Promise<void> {
  for (const name of names) {
    const res = await fetch(`${fake.url}/api/v1/namespaces`, { method: 'POST', headers: { Authorization: `Bearer ${fake.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ metadata: { name } }) });
    if (res.status !== 201 && res.status !== 409) throw new Error(`creating namespace ${name}: HTTP ${res.status}`);
  }
}

/** Writes (create, patch, update, delete) the fake accepted since `from`, as `verb plural namespace/name`. */
export function writesSince(fake: KubeFake, from: number, plurals: string[]): string[] {
  return fake.requests
    .slice(from)
    .filter((r: RequestRecord) => plurals.includes(r.plural) && ['create', 'patch', 'update', 'delete'].includes(r.verb) && r.status < 300)
    .map((r) => `${r.verb} ${r.plural} ${r.namespace ?? ''}/${r.name ?? ''}`);
}

/** A kubeconfig pointing at a port nothing listens on. */
export const UNREACHABLE_KUBECONFIG = {
  clusters: [{ name: 'nowhere', server: 'http://127.0.0.1:1', skipTLSVerify: true }],
  users: [{ name: 'nobody' }],
  contexts: [{ name: 'nowhere', cluster: 'nowhere', user: 'nobody' }],
  currentContext: 'nowhere',
};

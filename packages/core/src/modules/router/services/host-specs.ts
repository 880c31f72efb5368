import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import { appKey, parseAppKey } from '../../foundation/domain/names.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { StoreTx } from '../../../kernel/store.js';
import { DEFAULT_WEB_PORT, WEB_PROCESS_TYPE } from '../../deploys/domain/runtime.js';
import { appJobKey, DEPLOY_APP, RESTART_APP } from '../../deploys/services/deploys.js';
import type { RuntimeDriver } from '../../deploys/ports/runtime-driver.js';
import { webBackends } from '../backends.js';
import { appHost } from '../domain/sites.js';
import type { HostSpec, RouteTarget } from '../router-driver.js';

/** One route of a host as the store knows it, before the runtime's backends are added. */
interface StoredRoute {
  path: string;
  target_path: string;
  view: AppView;
  port: number;
}

/** What the store says a host serves; null when the host is neither an app's default host nor a site. */
export interface StoredHost {
  host: string;
  kind: HostSpec['kind'];
  routes: StoredRoute[];
  /** Whether a deploy or restart of a target app is queued or running (its dynos are changing). */
  rolling: boolean;
}

/** The app whose default host `host` is, when it looks like `{app}-{space}.{apps domain}`. */
function appKeyOfHost(host: string, catalog: PlatformCatalog): { name: string; space: string } | null {
  const suffix = `.${catalog.appsDomain.toLowerCase()}`;
  if (!host.endsWith(suffix)) return null;
  const label = host.slice(0, -suffix.length);
  return label.includes('.') ? null : parseAppKey(label);
}

async function webPort(tx: StoreTx, appId: string): Promise<number> {
  return (await tx.formations.get(appId, WEB_PROCESS_TYPE))?.port ?? DEFAULT_WEB_PORT;
}

async function rolling(tx: StoreTx, appIds: string[]): Promise<boolean> {
  for (const id of appIds) {
    for (const kind of [DEPLOY_APP, RESTART_APP]) {
      const jobs = await tx.jobs.byKey(kind, appJobKey(id));
      if (jobs.some((j) => j.state === 'queued' || j.state === 'running')) return true;
    }
  }
  return false;
}

/** Reads what one host should serve from the store (an app's default host wins over a site of the same name). */
export async function storedHost(tx: StoreTx, host: string, catalog: PlatformCatalog): Promise<StoredHost | null> {
  const key = appKeyOfHost(host, catalog);
  const view = key ? await tx.apps.find(key) : null;
  if (view) {
    const routes = [{ path: '/', target_path: '/', view, port: await webPort(tx, view.app.id) }];
    return { host, kind: 'app', routes, rolling: await rolling(tx, [view.app.id]) };
  }
  const site = await tx.sites.find(host);
  if (!site) return null;
  const routes: StoredRoute[] = [];
  for (const r of await tx.siteRoutes.bySite(site.id)) {
    const target = await tx.apps.find({ id: r.app_id });
    if (target) routes.push({ path: r.source_path, target_path: r.target_path, view: target, port: await webPort(tx, target.app.id) });
  }
  return { host, kind: 'site', routes, rolling: await rolling(tx, [...new Set(routes.map((r) => r.view.app.id))]) };
}

/**
 * The whole HostSpec of a stored host: each target gets the ready web dynos the runtime reports now (none without a
 * runtime: the router answers 503), asked once per app even when several paths go to it.
 */
export async function hostSpec(stored: StoredHost, runtime: RuntimeDriver | undefined): Promise<HostSpec> {
  const backends = new Map<string, RouteTarget['backends']>();
  for (const r of stored.routes) {
    if (backends.has(r.view.app.id)) continue;
    const dynos = runtime ? await runtime.listDynos({ app: { id: r.view.app.id, name: r.view.app.name }, space: { id: r.view.space.id, name: r.view.space.name } }) : [];
    backends.set(r.view.app.id, webBackends(dynos));
  }
  return {
    host: stored.host,
    kind: stored.kind,
    routes: stored.routes.map((r) => ({
      path: r.path,
      target_path: r.target_path,
      target: {
        app_id: r.view.app.id,
        app_key: appKey(r.view.app.name, r.view.space.name),
        app: r.view.app.name,
        space: r.view.space.name,
        port: r.port,
        backends: backends.get(r.view.app.id) ?? [],
        maintenance: r.view.app.maintenance,
      },
    })),
  };
}

/** Every host an app is served on: its default host and the sites that route to it. */
export async function hostsOfApp(tx: StoreTx, view: AppView, catalog: PlatformCatalog): Promise<string[]> {
  const hosts = [appHost(appKey(view.app.name, view.space.name), catalog.appsDomain)];
  for (const r of await tx.siteRoutes.byApp(view.app.id)) {
    const site = await tx.sites.find(r.site_id);
    if (site && !hosts.includes(site.domain)) hosts.push(site.domain);
  }
  return hosts;
}

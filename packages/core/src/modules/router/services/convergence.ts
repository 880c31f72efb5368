import { isPlatformError, DriverUnavailableError } from '../../../errors.js';
import type { JobHandler, JobOutcome } from '../../../kernel/jobs.js';
import type { PlatformEventName } from '../../../kernel/payloads.js';
import type { Store, StoreTx } from '../../../kernel/store.js';
import type { TransactionalSubscriber } from '../../../kernel/unit-of-work.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import type { AppCleanup } from '../../foundation/services/apps.js';
import type { RuntimeDriver } from '../../deploys/ports/runtime-driver.js';
import type { RouterDriver } from '../router-driver.js';
import { hostSpec, hostsOfApp, storedHost } from './host-specs.js';
import { CONVERGE_HOST, enqueueConverge } from './router-jobs.js';

/** Tuning of the router's convergence. */
export interface ConvergenceOptions {
  /**
   * While a deploy or restart of a routed app runs, its hosts are converged again this often, so the router learns
   * each new dyno before the one it replaces goes away; default 250 ms.
   */
  followMs?: number;
  /** One converge job follows a rollout this long at most, then hands over to a fresh job; default 30 s. */
  followMaxMs?: number;
}

/** What the converge job works with; the runtime is looked up per run, as deploys may register it after us. */
export interface ConvergenceDeps {
  store: Store;
  driver: RouterDriver;
  runtime: () => RuntimeDriver | undefined;
  catalog: PlatformCatalog;
  options?: ConvergenceOptions;
}

// Wakes early when the runner stops; the listener goes with the timer, so a long follow adds none to the signal.
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Makes the router serve one host exactly as the store and the runtime say (or stop serving it), then keeps doing
 * so while a rollout of one of its apps is under way.
 */
export function convergeHostHandler(deps: ConvergenceDeps): JobHandler {
  const followMs = deps.options?.followMs ?? 250;
  const followMaxMs = deps.options?.followMaxMs ?? 30_000;
  return {
    kind: CONVERGE_HOST,
    async run(job, { signal }): Promise<JobOutcome> {
      const host = String(job.payload.host);
      const started = Date.now();
      for (;;) {
        const stored = await deps.store.read((tx) => storedHost(tx, host, deps.catalog));
        try {
          if (!stored) await deps.driver.remove(host);
          else await deps.driver.converge(await hostSpec(stored, deps.runtime()));
        } catch (err) {
          // A spec the driver refuses will not get better by retrying; an unreachable engine will.
          if (isPlatformError(err) && !(err instanceof DriverUnavailableError)) return { status: 'failed', error: err.message };
          throw err;
        }
        if (!stored?.rolling) return { status: 'succeeded' };
        if (signal.aborted || Date.now() - started >= followMaxMs) return { status: 'retry', at: new Date() };
        await sleep(followMs, signal);
      }
    },
  };
}

/** App events after which the app's hosts serve something else: its dynos, maintenance mode or existence changed. */
const APP_EVENTS = new Set<PlatformEventName>(['app_create', 'app_update', 'destroy', 'release', 'released', 'formation_change', 'dyno_restart', 'crashed']);

/** Enqueues a converge of every host of the app an event is about, in the transaction of the change. */
export function convergeOnAppEvents(catalog: PlatformCatalog): TransactionalSubscriber {
  return async (tx, event) => {
    if (!event.app_id || !APP_EVENTS.has(event.action)) return;
    const view = await tx.apps.find({ id: event.app_id });
    if (!view) return;
    for (const host of await hostsOfApp(tx, view, catalog)) await enqueueConverge(tx, host);
  };
}

/** On app delete: removes its routes (announced as `route_delete`) and reconverges the sites they were on. */
export function removeAppRoutes(): AppCleanup {
  return async (tx, view, events) => {
    for (const r of await tx.siteRoutes.byApp(view.app.id)) {
      const site = await tx.sites.find(r.site_id);
      await events.emit(
        'route_delete',
        { app: { name: view.app.name, id: view.app.id }, space: { name: view.space.name }, route: { id: r.id, site: site?.domain ?? r.site_id, source_path: r.source_path, target_path: r.target_path } },
        view.app.id,
      );
      if (site) await enqueueConverge(tx, site.domain);
    }
    await tx.siteRoutes.deleteByApp(view.app.id);
  };
}

async function everyHost(tx: StoreTx, catalog: PlatformCatalog): Promise<Set<string>> {
  const hosts = new Set<string>();
  const max = 500;
  for (let start: string | undefined; ; ) {
    const apps = await tx.apps.list({}, { sort: 'id', max, order: 'asc', exclusive: true, ...(start ? { start } : {}) });
    for (const v of apps.slice(0, max)) hosts.add(`${v.app.name}-${v.space.name}.${catalog.appsDomain}`.toLowerCase());
    if (apps.length <= max) break;
    start = apps[max - 1]!.app.id;
  }
  for (let start: string | undefined; ; ) {
    const sites = await tx.sites.list({ sort: 'id', max, order: 'asc', exclusive: true, ...(start ? { start } : {}) });
    for (const s of sites.slice(0, max)) hosts.add(s.domain);
    if (sites.length <= max) break;
    start = sites[max - 1]!.id;
  }
  return hosts;
}

/**
 * Enqueues a converge of every host the store knows and of every host the router serves that the store does not
 * (those jobs remove them), so a router that restarted empty or missed changes while the controller was down catches up.
 */
export async function resyncRouter(store: Store, driver: RouterDriver, catalog: PlatformCatalog): Promise<void> {
  const served = await driver.hosts();
  await store.transaction(async (tx) => {
    const hosts = await everyHost(tx, catalog);
    for (const h of served) hosts.add(h);
    for (const h of hosts) await enqueueConverge(tx, h);
  });
}

import { container as rootContainer, type DependencyContainer, type InjectionToken } from 'tsyringe';
import { ValidationError } from '../errors.js';
import { EVENT_BUS, EventBus } from './bus.js';
import { AUTHENTICATOR, type Authenticator } from './authenticator.js';
import { CLOCK, systemClock, type Clock } from './clock.js';
import { JOB_RUNNER, JobRunner, type JobRunnerOptions } from './jobs.js';
import { LOGGER, silentLogger, type Logger } from './logger.js';
import { collectJobBacklog } from './job-gauges.js';
import { TELEMETRY, noTelemetry, type Telemetry } from './telemetry.js';
import type { ModuleContext, PlatformModule } from './module.js';
import type { RouteDef } from './operation.js';
import { StaticTokenAuthenticator } from './static-tokens.js';
import { STORE, type Store } from './store.js';
import { TRANSACTIONAL_SUBSCRIBERS, UNIT_OF_WORK, UnitOfWork, type TransactionalSubscriber } from './unit-of-work.js';
import { foundation, type FoundationOptions } from '../modules/foundation/index.js';
import { PLATFORM_CATALOG } from '../modules/foundation/services/catalog.js';
import type { PlatformCatalog } from '../modules/foundation/domain/catalog.js';

/** What a host hands to createPlatform: the cross-cutting adapters and the modules it wants. */
export interface PlatformOptions {
  /** An opened Store adapter. */
  store: Store;
  /** Authenticates API tokens; defaults to accepting nobody. */
  authenticator?: Authenticator;
  /** Regions, stacks, sizes, features and the apps domain; defaults make a bare install work. */
  catalog?: FoundationOptions['catalog'];
  /** Tuning of the job runner (lease, poll interval, concurrency). */
  jobs?: JobRunnerOptions;
  /** Time source of the kernel (job leases, heartbeats, retries), registered as CLOCK; default the system clock. */
  clock?: Clock;
  /** Where failed jobs and deliveries are logged (a pino logger fits), registered as LOGGER; default silent. */
  logger?: Logger;
  /** Where the kernel and modules count and time their work (http-koa's Prometheus adapter), registered as TELEMETRY; default none. */
  telemetry?: Telemetry;
  /** Capabilities beyond the foundation (always installed first), in order: `deploys(...)`, `addons(...)`, `webhooks(...)` ... */
  modules?: PlatformModule[];
}

/** A composed platform: its DI container, catalog, event bus, operations and lifecycle. */
export interface Platform {
  container: DependencyContainer;
  catalog: PlatformCatalog;
  bus: EventBus;
  store: Store;
  /** Runs durable jobs; started by `start()`. */
  jobs: JobRunner;
  /** Every operation of every installed module, in module order. */
  operations: RouteDef[];
  /** Names of the installed modules, in order. */
  modules: string[];
  /** Starts background work and creates defaults (the `default` space). */
  start(): Promise<void>;
  /** Stops background work and closes the store. */
  close(): Promise<void>;
}

/** Composes the kernel and the given modules in a child container of its own (never the global one). */
export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const c = rootContainer.createChildContainer();
  const bus = new EventBus();
  const points = new Map<InjectionToken<unknown[]>, unknown[]>();
  const extend = <T>(token: InjectionToken<T[]>): T[] => {
    let list = points.get(token as InjectionToken<unknown[]>) as T[] | undefined;
    if (!list) {
      list = [];
      points.set(token as InjectionToken<unknown[]>, list);
      c.register(token, { useValue: list });
    }
    return list;
  };
  const subscribers = extend<TransactionalSubscriber>(TRANSACTIONAL_SUBSCRIBERS);
  c.register(STORE, { useValue: options.store });
  c.register(EVENT_BUS, { useValue: bus });
  c.register(AUTHENTICATOR, { useValue: options.authenticator ?? new StaticTokenAuthenticator([]) });
  // Work a unit of work enqueued is visible once it commits: poll right away (`jobs` exists by the first commit).
  const uow = new UnitOfWork(options.store, bus, subscribers, (keys) => jobs.wake(keys));
  c.register(UNIT_OF_WORK, { useValue: uow });
  const clock = options.clock ?? systemClock;
  c.register(CLOCK, { useValue: clock });
  const logger = options.logger ?? silentLogger;
  c.register(LOGGER, { useValue: logger });
  const telemetry = options.telemetry ?? noTelemetry;
  c.register(TELEMETRY, { useValue: telemetry });
  collectJobBacklog(options.store, telemetry, clock);
  const jobs = new JobRunner(options.store, { logger, telemetry, ...options.jobs, clock: options.jobs?.clock ?? clock });
  c.register(JOB_RUNNER, { useValue: jobs });
  const starting: Array<() => Promise<void>> = [];
  const closing: Array<() => Promise<void>> = [];
  const ctx: ModuleContext = {
    container: c,
    uow,
    bus,
    jobs,
    extend,
    lifecycle: { onStart: (fn) => void starting.push(fn), onClose: (fn) => void closing.push(fn) },
  };
  const modules = [foundation({ catalog: options.catalog ?? {} }), ...(options.modules ?? [])];
  const installed: string[] = [];
  const operations: RouteDef[] = [];
  for (const mod of modules) {
    if (installed.includes(mod.name)) throw new ValidationError(`module "${mod.name}" is listed twice`, 'modules');
    const missing = (mod.dependsOn ?? []).filter((d) => !installed.includes(d));
    if (missing.length) throw new ValidationError(`module "${mod.name}" needs ${missing.map((m) => `"${m}"`).join(', ')} listed before it`, 'modules');
    mod.register(ctx);
    installed.push(mod.name);
    operations.push(...(mod.operations ?? []));
  }
  return {
    container: c,
    catalog: c.resolve(PLATFORM_CATALOG),
    bus,
    store: options.store,
    jobs,
    operations,
    modules: installed,
    async start() {
      for (const fn of starting) await fn();
      jobs.start();
    },
    async close() {
      for (const fn of closing) await fn();
      await jobs.stop();
      bus.removeAllListeners();
      await options.store.close();
    },
  };
}

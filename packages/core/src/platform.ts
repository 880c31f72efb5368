import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import { buildCatalog, type CatalogOptions, type PlatformCatalog } from './domain/catalog.js';
import { EVENT_BUS, EventBus } from './events/bus.js';
import { AUTHENTICATOR, type Authenticator } from './ports/authenticator.js';
import { STORE, type Store } from './ports/store.js';
import { APP_CLEANUPS, AppService, type AppCleanup } from './services/apps.js';
import { AuditService, recordAudit } from './services/audits.js';
import { CatalogService } from './services/catalog.js';
import { ConfigVarService } from './services/config-vars.js';
import { CONFIG_CHANGE_HOOKS, CONFIG_SOURCES, type ConfigChangeHook, type ConfigSource } from './services/config-sources.js';
import { FeatureService } from './services/features.js';
import { OrganizationService } from './services/organizations.js';
import { SpaceService } from './services/spaces.js';
import { TRANSACTIONAL_SUBSCRIBERS, UNIT_OF_WORK, UnitOfWork, type TransactionalSubscriber } from './services/unit-of-work.js';
import { StaticTokenAuthenticator } from './auth/static-tokens.js';
import { HookService, hookDeliveryHandler, removeAppHooks, webhookOutbox, type WebhookOptions } from './services/webhooks.js';
import { JOB_RUNNER, JobRunner, type JobHandler, type JobRunnerOptions } from './services/jobs.js';
import type { AddonBroker } from './ports/addon-broker.js';
import { addonsModule, type AddonModuleOptions } from './services/addon-module.js';
import type { BuildDriver } from './ports/build-driver.js';
import type { RuntimeDriver } from './ports/runtime-driver.js';
import { deploysModule } from './services/deploys-module.js';
import { runtimeEventsModule } from './services/runtime-events.js';
import type { DeployOptions } from './services/deploys.js';

/** What a platform module gets to plug a feature in: the container and the shared extension points. */
export interface ModuleContext {
  container: DependencyContainer;
  uow: UnitOfWork;
  catalog: CatalogService;
  bus: EventBus;
  jobs: JobRunner;
  /** Append to run work inside the transaction of every event (e.g. a webhook outbox). */
  subscribers: TransactionalSubscriber[];
  /** Append to remove a feature's records when an app is deleted. */
  cleanups: AppCleanup[];
  /** Append to contribute read-only config vars (addon credentials). */
  configSources: ConfigSource[];
  /** Append to react, in-transaction, to any change of an app's effective config (new release). */
  configChangeHooks: ConfigChangeHook[];
  /** Registers work to do when the platform starts (after defaults exist) and when it closes. */
  lifecycle: { onStart(fn: () => Promise<void>): void; onClose(fn: () => Promise<void>): void };
}

/** A feature (builds, addons, webhooks ...) that registers its services, jobs and hooks into a platform. */
export type PlatformModule = (ctx: ModuleContext) => void;

/** What a host hands to createPlatform: adapters and configuration. */
export interface PlatformOptions {
  /** An opened Store adapter. */
  store: Store;
  /** Authenticates API tokens; defaults to accepting nobody. */
  authenticator?: Authenticator;
  /** Regions, stacks, sizes, features and the apps domain; defaults make a bare install work. */
  catalog?: CatalogOptions;
  /** Extra work to do inside the transaction of every event (audit rows are always written). */
  subscribers?: TransactionalSubscriber[];
  /** Extra removals to run inside an app's delete transaction. */
  appCleanups?: AppCleanup[];
  /** Handlers of durable job kinds (builds, broker polling, webhook deliveries ...). */
  jobHandlers?: JobHandler[];
  /** Tuning of the job runner (lease, poll interval, concurrency). */
  jobs?: JobRunnerOptions;
  /** Webhook delivery: the sender adapter and the address policy. */
  webhooks?: WebhookOptions;
  /** Features to plug in, in order. */
  modules?: PlatformModule[];
  /** Addon brokers (Open Service Broker ...): addon-services list their catalogs, addons live at them. */
  brokers?: AddonBroker[];
  /** Key sealing secrets at rest (addon credentials): 32 bytes, as 64 hex digits or base64; required with brokers. */
  secretKey?: string | Uint8Array;
  /** Tuning of the addon feature (request wait, polling policy). */
  addons?: Omit<AddonModuleOptions, 'brokers' | 'secretKey'>;
  /** Runs apps' dynos; without one, deploys, dynos and log sessions answer 503. */
  runtime?: RuntimeDriver;
  /** Builds slugs from sources; without one, builds answer 503. */
  builder?: BuildDriver;
  /** Tuning of builds, deploys and log sessions (the drivers above take precedence over ones given here). */
  deploys?: DeployOptions;
}

/** A composed platform: its DI container, catalog, event bus and use-case services. */
export interface Platform {
  container: DependencyContainer;
  catalog: PlatformCatalog;
  bus: EventBus;
  store: Store;
  /** Runs durable jobs; started by `start()`. */
  jobs: JobRunner;
  /** Starts background work and creates defaults (the `default` space). */
  start(): Promise<void>;
  /** Stops background work and closes the store. */
  close(): Promise<void>;
}

/** Composes core services over the given adapters in a child container of its own (never the global one). */
export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const c = rootContainer.createChildContainer();
  const catalog = buildCatalog(options.catalog);
  const bus = new EventBus();
  const subscribers: TransactionalSubscriber[] = [recordAudit, webhookOutbox, ...(options.subscribers ?? [])];
  const cleanups = [removeAppHooks, ...(options.appCleanups ?? [])];
  const configSources: ConfigSource[] = [];
  const configChangeHooks: ConfigChangeHook[] = [];
  c.register(CONFIG_SOURCES, { useValue: configSources });
  c.register(CONFIG_CHANGE_HOOKS, { useValue: configChangeHooks });
  c.register(STORE, { useValue: options.store });
  c.register(EVENT_BUS, { useValue: bus });
  c.register(AUTHENTICATOR, { useValue: options.authenticator ?? new StaticTokenAuthenticator([]) });
  c.register(TRANSACTIONAL_SUBSCRIBERS, { useValue: subscribers });
  c.register(APP_CLEANUPS, { useValue: cleanups });
  const uow = new UnitOfWork(options.store, bus, subscribers);
  c.register(UNIT_OF_WORK, { useValue: uow });
  const catalogService = new CatalogService(catalog);
  c.register(CatalogService, { useValue: catalogService });
  c.register(OrganizationService, { useFactory: instanceCachingFactory(() => new OrganizationService(uow)) });
  c.register(SpaceService, { useFactory: instanceCachingFactory(() => new SpaceService(uow, catalogService, configChangeHooks)) });
  c.register(AppService, { useFactory: instanceCachingFactory(() => new AppService(uow, cleanups)) });
  c.register(ConfigVarService, { useFactory: instanceCachingFactory(() => new ConfigVarService(uow, configSources, configChangeHooks)) });
  c.register(FeatureService, { useFactory: instanceCachingFactory(() => new FeatureService(uow, catalogService)) });
  c.register(AuditService, { useFactory: instanceCachingFactory(() => new AuditService(uow)) });
  c.register(HookService, { useFactory: instanceCachingFactory(() => new HookService(uow, options.webhooks)) });
  const jobs = new JobRunner(options.store, options.jobs);
  if (options.webhooks?.sender) jobs.register(hookDeliveryHandler(options.store, options.webhooks.sender, options.webhooks));
  for (const handler of options.jobHandlers ?? []) jobs.register(handler);
  c.register(JOB_RUNNER, { useValue: jobs });
  const starting: Array<() => Promise<void>> = [];
  const closing: Array<() => Promise<void>> = [];
  const ctx: ModuleContext = {
    container: c,
    uow,
    catalog: catalogService,
    bus,
    jobs,
    subscribers,
    cleanups,
    configSources,
    configChangeHooks,
    lifecycle: { onStart: (fn) => void starting.push(fn), onClose: (fn) => void closing.push(fn) },
  };
  const deploys: DeployOptions = { ...options.deploys, ...(options.runtime ? { runtime: options.runtime } : {}), ...(options.builder ? { builder: options.builder } : {}) };
  const modules = [
    addonsModule({ ...options.addons, brokers: options.brokers ?? [], secretKey: options.secretKey }),
    deploysModule(deploys),
    runtimeEventsModule(options.runtime),
    ...(options.modules ?? []),
  ];
  for (const mod of modules) mod(ctx);
  // Work enqueued by a unit of work is visible once its events are published: poll right away.
  bus.on('*', () => jobs.wake());
  return {
    container: c,
    catalog,
    bus,
    store: options.store,
    jobs,
    async start() {
      await c.resolve(SpaceService).ensureDefault();
      jobs.start();
      for (const fn of starting) await fn();
    },
    async close() {
      for (const fn of closing) await fn();
      await jobs.stop();
      bus.removeAllListeners();
      await options.store.close();
    },
  };
}

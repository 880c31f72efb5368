import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { EventBus } from './bus.js';
import type { JobRunner } from './jobs.js';
import type { RouteDef } from './operation.js';
import type { UnitOfWork } from './unit-of-work.js';

/** What a module gets while it registers: the platform's container, its kernel services and the extension points. */
export interface ModuleContext {
  /** The platform's own child container: register services under their tokens, resolve ports through theirs. */
  container: DependencyContainer;
  uow: UnitOfWork;
  bus: EventBus;
  jobs: JobRunner;
  /**
   * The shared list behind an extension-point token (config sources, app cleanups, transactional subscribers ...),
   * created on first use and registered in the container, so a module can add a point and others contribute to it
   * without any shared list in the kernel.
   */
  extend<T>(token: InjectionToken<T[]>): T[];
  /** Registers work to do when the platform starts (after defaults exist) and when it closes. */
  lifecycle: { onStart(fn: () => Promise<void>): void; onClose(fn: () => Promise<void>): void };
}

/**
 * A capability (foundation, deploys, addons, webhooks, pipelines ...): its services, its operations, its durable job
 * kinds and its hooks into other modules. A host lists the modules it wants in `createPlatform({ modules })`.
 */
export interface PlatformModule {
  /** Unique module name, e.g. `deploys`. */
  readonly name: string;
  /** Modules that must be listed before this one (`foundation` is always there). */
  readonly dependsOn?: readonly string[];
  /** The API operations the module serves; transports mount them, the OpenAPI document is read from them. */
  readonly operations?: readonly RouteDef[];
  /** Registers services under their tokens, job handlers and extension-point contributions. */
  register(ctx: ModuleContext): void;
}

import type { InjectionToken } from 'tsyringe';
import type { DesiredAppState, DynoStatus, LogLine, LogOptions, NamedRef } from '../domain/runtime.js';

/** What one `converge` call did, so the caller can log it and decide whether to converge again later. */
export interface ConvergeResult {
  /** Ids of dynos started by this call. */
  started: string[];
  /** Ids of dynos removed by this call (replaced, scaled down, or of a removed type). */
  removed: string[];
  /**
   * Ids of new dynos that did not become ready in time. Old dynos of their type are kept serving while
   * any are listed, so converging again later finishes the rollout once they recover.
   */
  not_ready: string[];
}

/** Options of `RuntimeDriver.restart`. */
export interface RestartOptions {
  /** Only dynos of this process type; all types when absent. */
  type?: string;
  /** Only this dyno (id or name). */
  dyno?: string;
}

/** A one-off process of an app's image run to completion (an app.json `scripts.postdeploy`). */
export interface OneOffRun extends AppTarget {
  /** The image of the release it follows. */
  image: string;
  /** The app's environment (as its dynos get it, without PORT). */
  env: Record<string, string>;
  /** Run through `/bin/sh -c`. */
  command: string;
  /** Longest it may run before it is killed (the driver's default when absent). */
  timeoutMs?: number;
}

/** How a one-off process ended: its exit code and the tail of its output. */
export interface OneOffResult {
  exit_code: number;
  output: string;
}

/** Identifies an app to the driver; the space lets drivers that scope by namespace find it without a lookup. */
export interface AppTarget {
  app: NamedRef;
  space: NamedRef;
}

/**
 * Runs apps on some container engine. Every method is idempotent and safe to retry: the core keeps the
 * truth in its Store and hands the driver whole desired states, never deltas. Implementations translate
 * their engine's errors in one place (a `toDomainError`), and throw DriverUnavailableError when the engine
 * cannot be reached. The contract suite in `@slipway/testkit` (`runtimeDriverContract`) defines the
 * behaviour precisely; `docs/writing-a-driver.md` walks through writing one.
 */
export interface RuntimeDriver {
  /**
   * Makes the app's dynos match `state`: per process type exactly `quantity` dynos running `image` with
   * `env` + `PORT`, the command, memory limit and health check. Dynos already matching are left alone
   * (never restarted); changed ones are replaced with new dynos started before the old ones are removed, so
   * at least one ready web dyno keeps serving. Types missing from `state.processes` are removed.
   * Creates the space's network if needed. Resolves once new dynos are ready or timed out (see result).
   */
  converge(state: DesiredAppState): Promise<ConvergeResult>;
  /** The app's dynos with their state; empty when the app has none. */
  listDynos(target: AppTarget): Promise<DynoStatus[]>;
  /**
   * Replaces dynos one at a time with fresh ones of the same spec, waiting for each to be ready before
   * removing the one it replaces (rolling). NotFoundError when a named dyno does not exist.
   */
  restart(target: AppTarget, options?: RestartOptions): Promise<void>;
  /** Recent log lines of the app's dynos, oldest first; with `tail`, keeps yielding new lines. */
  logs(target: AppTarget, options?: LogOptions): AsyncIterable<LogLine>;
  /** Removes every dyno and engine object of the app; a no-op when there is nothing left. */
  removeApp(target: AppTarget): Promise<void>;
  /** Creates the isolated network (or namespace) of a space; a no-op when it exists. */
  ensureSpace(space: NamedRef): Promise<void>;
  /** Removes the space's network; ConflictError while dynos still use it, a no-op when already gone. */
  removeSpace(space: NamedRef): Promise<void>;
  /**
   * Optional: runs a one-off process of the app's image in its space to completion and removes it; never counted
   * among the app's dynos. Drivers without it make the core report postdeploy scripts as not run.
   */
  runOnce?(run: OneOffRun): Promise<OneOffResult>;
  /** Releases connections and timers (not the apps: they keep running). */
  close(): Promise<void>;
}

/** DI token of the RuntimeDriver. */
export const RUNTIME_DRIVER: InjectionToken<RuntimeDriver> = Symbol.for('slipway.RuntimeDriver');

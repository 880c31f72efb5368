import type { NamedRef, ReleaseRef } from '../domain/runtime.js';

/** Crash codes of the "App Crashed" webhook, with the description the Platform Apps API gives each. */
export const CRASH_CODES = {
  H0: 'Unknown error',
  H8: 'Premature exit',
  H9: 'App did not startup',
  H10: 'App crashed',
  H20: 'App boot timeout',
  H99: 'Platform error',
  R14: 'Memory quota exceeded',
} as const;

/** One of the seed's crash codes. */
export type CrashCode = keyof typeof CRASH_CODES;

/** A dyno named in a crash event, as the webhook payload lists it. */
export interface CrashedDyno {
  type: string;
  dyno: string;
}

/** Dynos of an app crashed, failed to start or ran out of memory (the "App Crashed" payload, minus `action`). */
export interface CrashedRuntimeEvent {
  kind: 'crashed';
  app: NamedRef;
  space: NamedRef;
  code: CrashCode;
  description: string;
  /** How many times the dyno(s) were restarted so far. */
  restarts: number;
  dynos: CrashedDyno[];
  /** ISO 8601 time of the crash. */
  crashed_at: string;
  /** The release the crashed dynos run, when the driver knows it (lets the core ignore stale releases). */
  release?: ReleaseRef;
}

/** A release is fully rolled out and serving (the "Released" payload, minus `action`). */
export interface ReleasedRuntimeEvent {
  kind: 'released';
  app: NamedRef;
  space: NamedRef;
  slug: { image: string };
  /** ISO 8601 time the last new dyno became available. */
  released_at: string;
  release?: ReleaseRef;
}

/** What a runtime reports on its own, between `converge` calls. */
export type RuntimeEvent = CrashedRuntimeEvent | ReleasedRuntimeEvent;

/** A live subscription; `close` stops it and releases its connections. */
export interface RuntimeEventSubscription {
  close(): Promise<void>;
}

/**
 * Optional capability of a RuntimeDriver: push crash and release events as the engine observes them, so the core
 * can fire the `crashed` and `released` webhooks. Events may repeat after a controller restart or when several
 * controllers watch the same engine, so subscribers dedupe (e.g. by app, code, dynos and time).
 */
export interface RuntimeEventSource {
  /** Starts watching; resolves once the initial state is loaded (events describe changes after that). */
  watchEvents(onEvent: (event: RuntimeEvent) => void): Promise<RuntimeEventSubscription>;
}

/** Whether a driver offers `watchEvents`, since the capability is optional. */
export function hasRuntimeEvents(driver: unknown): driver is RuntimeEventSource {
  return typeof (driver as Partial<RuntimeEventSource> | null)?.watchEvents === 'function';
}

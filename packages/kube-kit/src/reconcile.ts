import { ConcurrencyError, backoffMs } from '@slipway/core';
import { apiStatus, kubeErrors } from './kube-errors.js';

/** A plain manifest object (the client's typed models would drop fields they do not know). */
export type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What one reconcile did to its object. */
export type WriteOutcome = 'created' | 'patched' | 'unchanged';

/** How to read, create and patch one object. */
export interface ReconcileSteps<T> {
  /** For error messages, e.g. `deployment web in slipway-prod`. */
  what: string;
  /** The live object, or null when it does not exist. */
  read(): Promise<T | null>;
  create(): Promise<unknown>;
  /**
   * A JSON merge patch that brings `current` to the desired state, carrying `current`'s
   * `metadata.resourceVersion` as a precondition; null when `current` already matches.
   */
  patchFor(current: T): Manifest | null;
  patch(body: Manifest): Promise<unknown>;
  /** Turns a failure that is not a race into a platform error; default the shared Kubernetes table. */
  toDomainError?(err: unknown, doing: string): Error;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Optimistic read-modify-write: read, compare only the fields the adapter owns, and write a merge patch that
 * names the resourceVersion it was computed from. The API server refuses it with 409 Conflict if anyone wrote in
 * between (another replica, or a controller writing status), and the loop starts over from a fresh read, so no
 * write is ever based on a stale view (no lost updates) and a second controller converging the same state finds
 * nothing to do (no flapping). Fields the adapter does not own (other controllers' annotations, server defaults)
 * are never sent, so never overwritten.
 */
export async function reconcile<T>(steps: ReconcileSteps<T>, attempts = 8): Promise<WriteOutcome> {
  const toDomainError = steps.toDomainError ?? kubeErrors.toDomainError;
  for (let attempt = 1; ; attempt++) {
    let patching = false;
    try {
      const current = await steps.read();
      if (current === null) {
        await steps.create();
        return 'created';
      }
      const body = steps.patchFor(current);
      if (!body) return 'unchanged';
      patching = true;
      await steps.patch(body);
      return 'patched';
    } catch (err) {
      const status = apiStatus(err);
      // 409: someone wrote first (Conflict) or created first (AlreadyExists); 404 on patch: someone deleted it.
      const raced = status === 409 || (status === 404 && patching);
      if (!raced) throw toDomainError(err, `writing ${steps.what}`);
      if (attempt >= attempts) throw new ConcurrencyError(`writing ${steps.what}: still conflicting after ${attempts} attempts`);
      // Jittered back-off so two controllers that collided do not collide again in lockstep.
      await sleep(backoffMs(attempt, { baseMs: 40, capMs: 1_000 }));
    }
  }
}

/** Whether every key of `want` has the same value in `have` (other keys belong to someone else). */
export function ownsSame(have: Record<string, string> | undefined, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) => have?.[k] === v);
}

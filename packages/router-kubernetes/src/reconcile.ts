import { ConcurrencyError } from '@slipway/core';
import { apiStatus, toDomainError } from './errors.js';

/** A plain manifest object (the client's typed models would drop fields they do not know). */
export type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What one reconcile did to its object. */
export type WriteOutcome = 'created' | 'patched' | 'unchanged';

/** How to read, create and patch one object. */
export interface ReconcileSteps<T> {
  /** For error messages, e.g. `httproute www.example.com in slipway-prod`. */
  what: string;
  /** The live object, or null when it does not exist. */
  read(): Promise<T | null>;
  create(): Promise<unknown>;
  /** A merge patch carrying `current`'s resourceVersion that brings it to the desired state; null when it matches. */
  patchFor(current: T): Manifest | null;
  patch(body: Manifest): Promise<unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Optimistic read-compare-patch, as the runtime driver writes: compare only the fields the router owns, send a
 * merge patch naming the resourceVersion it was computed from, and start over from a fresh read when the API
 * server answers 409 (someone wrote in between; for routes, often the Gateway controller writing status). So
 * two controller replicas never overwrite each other's newer view, and re-converging an unchanged host writes
 * nothing.
 */
export async function reconcile<T>(steps: ReconcileSteps<T>, attempts = 8): Promise<WriteOutcome> {
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
      // 409: written (Conflict) or created (AlreadyExists) first by someone else; 404 on patch: deleted meanwhile.
      const raced = status === 409 || (status === 404 && patching);
      if (!raced) throw toDomainError(err, `writing ${steps.what}`);
      if (attempt >= attempts) throw new ConcurrencyError(`writing ${steps.what}: still conflicting after ${attempts} attempts`);
      // Jittered back-off so two controllers that collided do not collide again in lockstep.
      await sleep(Math.random() * 40 * attempt);
    }
  }
}

/** Stable JSON (sorted keys, undefined dropped), so comparisons ignore key order and absent-vs-undefined. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
    .join(',')}}`;
}

/** Whether every key of `want` has the same value in `have` (other keys belong to someone else). */
export function ownsSame(have: Record<string, string> | undefined, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) => have?.[k] === v);
}

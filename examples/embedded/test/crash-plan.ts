import { IN_CI } from '@slipway/testkit';

/**
 * The seed of a crash run: CRASH_SEED when set (to replay a failure), else a fixed default. It fixes the plan (the
 * mix of work and where each kill lands); the scheduling of the processes under it is the machine's.
 */
export const CRASH_SEED = seedFrom(process.env.CRASH_SEED);

/** Kill points per scenario: the CI floor unless CRASH_ROUNDS (or, for builds, CRASH_BUILD_ROUNDS) asks otherwise. */
export function crashRounds(name: 'CRASH_ROUNDS' | 'CRASH_BUILD_ROUNDS', inCi: number, locally: number): number {
  const raw = process.env[name];
  const n = raw ? Number(raw) : IN_CI ? inCi : locally;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
}

function seedFrom(raw: string | undefined): number {
  if (!raw) return 20261202;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`CRASH_SEED must be an integer, got ${raw}`);
  return n >>> 0;
}

/** An integer in [min, max] from `rand`. */
export function between(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

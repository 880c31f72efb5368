import { afterEach, describe, expect, it } from 'vitest';
import { JobRunner, enqueueJob, newId, type JobOutcome } from '@slipway/core';
import { openMikroOrmStore, type MikroOrmStore } from './index.js';

/** Counts the calls of one JobRepo method made in the store's transactions from now on. */
function countJobCalls(store: MikroOrmStore, method: 'succeedThenClaimHeads' | 'claimBatch'): { n: number } {
  const count = { n: 0 };
  const transaction = store.transaction.bind(store);
  store.transaction = (fn) =>
    transaction(async (tx) => {
      const original = tx.jobs[method].bind(tx.jobs) as (...a: unknown[]) => Promise<never>;
      (tx.jobs as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => (count.n++, original(...args));
      return fn(tx);
    });
  return count;
}

// The kernel's JobRunner over a real store: key runs, outcome writes, and a save that fails.
describe('JobRunner on the SQLite store', () => {
  let store: MikroOrmStore;
  let runner: JobRunner | undefined;
  afterEach(async () => {
    await runner?.stop();
    await store?.close();
  });

  async function jobStates(): Promise<Record<string, { state: string; attempts: number }>> {
    const knex = (store.orm.em as unknown as { getKnex(): (t: string) => { select(...c: string[]): Promise<Array<{ id: string; state: string; attempts: number }>> } }).getKnex();
    const rows = await knex('jobs').select('id', 'state', 'attempts');
    return Object.fromEntries(rows.map((r) => [r.id, { state: r.state, attempts: Number(r.attempts) }]));
  }

  it('runs each key in order and each job once, the key runs claiming the next job as the last one is saved', async () => {
    store = await openMikroOrmStore({ url: 'sqlite::memory:' });
    const ids: Record<string, string[]> = { a: [], b: [], c: [] };
    await store.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) {
        const key = 'abc'[i % 3]!;
        ids[key]!.push((await enqueueJob(tx, 'test.step', key, { i })).id);
      }
    });
    const ran: Array<{ key: string; id: string }> = [];
    runner = new JobRunner(store, { concurrency: 2, pollMs: 20 });
    runner.register({ kind: 'test.step', run: async (job) => (ran.push({ key: job.key, id: job.id }), { status: 'succeeded' }) });
    runner.start();
    await expect.poll(() => ran.length, { timeout: 10_000 }).toBe(40);
    for (const key of ['a', 'b', 'c']) expect(ran.filter((r) => r.key === key).map((r) => r.id)).toEqual(ids[key]);
    await expect.poll(async () => Object.values(await jobStates()).every((j) => j.state === 'succeeded' && j.attempts === 1), { timeout: 5_000 }).toBe(true);
  });

  it('writes what a run learnt with its outcome, and runs a job again whose outcome could not be saved', async () => {
    store = await openMikroOrmStore({ url: 'sqlite::memory:' });
    const job = await store.transaction((tx) => enqueueJob(tx, 'test.record', 'k', {}));
    let runs = 0;
    runner = new JobRunner(store, { concurrency: 1, pollMs: 20, leaseMs: 300 });
    runner.register({
      kind: 'test.record',
      run: async (): Promise<JobOutcome> => {
        const attempt = ++runs;
        return {
          status: 'succeeded',
          writes: async (tx) => {
            // The first save fails after writing: its write must roll back with it, and the job must run again.
            const now = new Date();
            await tx.organizations.insert({ id: newId(), name: `run-${attempt}`, description: '', created_at: now, updated_at: now });
            if (attempt === 1) throw new Error('the store went away mid-commit');
          },
        };
      },
    });
    runner.start();
    await expect.poll(async () => (await jobStates())[job.id], { timeout: 10_000 }).toEqual({ state: 'succeeded', attempts: 2 });
    expect(runs).toBe(2);
    expect(await store.read((tx) => tx.organizations.find('run-1'))).toBeNull();
    expect(await store.read((tx) => tx.organizations.find('run-2'))).not.toBeNull();
  });

  it('saves outcomes that finish together in one transaction, and one refused write costs the others nothing', async () => {
    store = await openMikroOrmStore({ url: 'sqlite::memory:' });
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
    await store.transaction(async (tx) => {
      for (const key of keys) for (let i = 0; i < 3; i++) await enqueueJob(tx, 'test.batch', key, { i });
    });
    // Count the transactions that save outcomes: those that mark jobs succeeded.
    const saves = countJobCalls(store, 'succeedThenClaimHeads');
    const runs: string[] = [];
    runner = new JobRunner(store, { concurrency: 8, pollMs: 20, leaseMs: 300 });
    runner.register({
      kind: 'test.batch',
      run: async (job): Promise<JobOutcome> => {
        runs.push(`${job.key}:${String(job.payload.i)}`);
        // Every head finishes in the same turn, so their outcomes form one batch.
        await new Promise((r) => setTimeout(r, 20));
        return {
          status: 'succeeded',
          writes: async (tx) => {
            const now = new Date();
            // k3's first attempt's write is refused (a unique clash): its batch is saved item by item, where it is
            // refused again, so only k3's job runs again (once its lease runs out).
            const name = job.key === 'k3' && job.payload.i === 0 && job.attempts === 1 ? 'taken' : `${job.key}-${String(job.payload.i)}-${job.attempts}`;
            await tx.organizations.insert({ id: newId(), name, description: '', created_at: now, updated_at: now });
          },
        };
      },
    });
    await store.transaction(async (tx) => {
      const now = new Date();
      await tx.organizations.insert({ id: newId(), name: 'taken', description: '', created_at: now, updated_at: now });
    });
    runner.start();
    await expect.poll(async () => Object.values(await jobStates()).filter((j) => j.state === 'succeeded').length, { timeout: 10_000 }).toBe(18);
    // Each key in order; k3's first job twice (its write was refused once), every other job once.
    for (const key of keys) expect(runs.filter((r) => r.startsWith(`${key}:`))).toEqual(key === 'k3' ? ['k3:0', 'k3:0', 'k3:1', 'k3:2'] : [`${key}:0`, `${key}:1`, `${key}:2`]);
    for (const key of keys.filter((k) => k !== 'k3')) expect(await store.read((tx) => tx.organizations.find(`${key}-0-1`))).not.toBeNull();
    expect(await store.read((tx) => tx.organizations.find('k3-0-2'))).not.toBeNull();
    // 18 outcomes: far fewer saving transactions than one per job (the refused batch is retried one by one).
    expect(saves.n).toBeLessThan(18);
  });

  it('does not poll for jobs queued behind a key running here, and its slot runs them without one', async () => {
    store = await openMikroOrmStore({ url: 'sqlite::memory:' });
    const first = await store.transaction((tx) => enqueueJob(tx, 'test.gated', 'k', { i: 0 }));
    // Count the polls: the transactions that claim a batch.
    const polls = countJobCalls(store, 'claimBatch');
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const ran: string[] = [];
    // No periodic poll within the test: whatever runs, runs because a slot or a wake claimed it.
    runner = new JobRunner(store, { concurrency: 4, pollMs: 60_000 });
    runner.register({ kind: 'test.gated', run: async (job) => (job.id === first.id && (await gate), ran.push(job.id), { status: 'succeeded' }) });
    runner.start();
    await expect.poll(() => polls.n, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 50));
    const before = polls.n;
    const second = await store.transaction((tx) => enqueueJob(tx, 'test.gated', 'k', { i: 1 }));
    runner.wake(['k']);
    await new Promise((r) => setTimeout(r, 50));
    expect(polls.n).toBe(before);
    // A key that is not running here is polled for.
    runner.wake(['elsewhere', 'k']);
    await expect.poll(() => polls.n, { timeout: 5_000 }).toBe(before + 1);
    open();
    await expect.poll(() => ran, { timeout: 5_000 }).toEqual([first.id, second.id]);
  });
});

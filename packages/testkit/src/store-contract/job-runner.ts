import { describe, expect, it, vi } from 'vitest';
import { JobInterruptedError, JobRunner, interrupted, leaseLost, systemClock, type Job, type JobContext, type Store } from '@slipway/core';
import { ManualClock } from '../manual-clock.js';
import type { StoreSuiteContext } from './context.js';
import { job } from './fixtures.js';

/** A promise with its resolve function (Promise.withResolvers is not in the ES2022 lib). */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves when `signal` aborts. */
const aborted = (signal: AbortSignal) => new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })));

/**
 * The JobRunner on this store: leases, heartbeats and give-backs, with time driven by a ManualClock (no test waits
 * real seconds), and two runners sharing the store without ever running one job twice.
 */
export function jobRunnerStoreSuite(ctx: StoreSuiteContext): void {
  const { tx } = ctx;
  const read = (id: string) => ctx.store().read((t) => t.jobs.get(id));
  const enqueue = async (clock: { now(): Date }, kind: string, key: string) => {
    const j = job(kind, key, clock.now());
    await tx((t) => t.jobs.enqueue(j));
    return j;
  };

  it('aborts a handler whose lease another worker took, and does not save what it returns', async () => {
    const clock = new ManualClock();
    const runner = new JobRunner(ctx.store(), { clock, leaseMs: 30_000, heartbeatMs: 10_000, owner: 'w1' });
    const started = deferred<JobContext>();
    const returned = deferred<void>();
    runner.register({
      kind: 'build',
      async run(_job, c) {
        started.resolve(c);
        await aborted(c.signal);
        returned.resolve();
        // Ignores the abort and claims success: the runner must not record it.
        return { status: 'succeeded' };
      },
    });
    const j = await enqueue(clock, 'build', 'app-a');
    runner.start();
    const c = await started.promise;
    // The runner looks dead to another worker: it claims the job once the lease has run out (by its own clock).
    const stolen = await tx((t) => t.jobs.claim(['build'], 'w2', new Date(clock.now().getTime() + 31_000), new Date(clock.now().getTime() + 90_000)));
    expect(stolen?.id).toBe(j.id);
    await vi.waitFor(() => expect(clock.sleeping).toBeGreaterThan(1)); // heartbeat and idle poll both wait
    clock.advance(10_000);
    await returned.promise;
    expect(c.signal.reason).toBeInstanceOf(JobInterruptedError);
    expect((c.signal.reason as JobInterruptedError).reason).toBe('lease-lost');
    expect(leaseLost(c)).toBe(true);
    await runner.stop();
    expect(await read(j.id)).toMatchObject({ state: 'running', lease_owner: 'w2', attempts: 2 });
  });

  it('keeps its lease alive with heartbeats while the handler works', async () => {
    const clock = new ManualClock();
    const runner = new JobRunner(ctx.store(), { clock, leaseMs: 30_000, heartbeatMs: 10_000, owner: 'w1' });
    const started = deferred<JobContext>();
    const finish = deferred<void>();
    runner.register({ kind: 'build', run: async (_j, c) => (started.resolve(c), await finish.promise, { status: 'succeeded' }) });
    const j = await enqueue(clock, 'build', 'app-a');
    const claimedAt = clock.now().getTime();
    runner.start();
    const c = await started.promise;
    for (let beat = 1; beat <= 4; beat++) {
      await vi.waitFor(() => expect(clock.sleeping).toBeGreaterThan(1));
      clock.advance(10_000);
      await vi.waitFor(async () => expect((await read(j.id))?.lease_expires_at?.getTime()).toBe(claimedAt + beat * 10_000 + 30_000));
    }
    // 40 s after the claim, past the first lease: still ours, so nobody else can take it.
    expect(await tx((t) => t.jobs.claim(['build'], 'w2', clock.now(), new Date(clock.now().getTime() + 30_000)))).toBeNull();
    expect(c.signal.aborted).toBe(false);
    finish.resolve();
    await vi.waitFor(async () => expect((await read(j.id))?.state).toBe('succeeded'));
    await runner.stop();
  });

  it('gives running jobs back when stopped, so another runner takes them over at once', async () => {
    const clock = new ManualClock();
    const first = new JobRunner(ctx.store(), { clock, owner: 'w1' });
    const started = deferred<void>();
    first.register({ kind: 'build', run: async (_j, c) => (started.resolve(), await aborted(c.signal), interrupted(c)) });
    const j = await enqueue(clock, 'build', 'app-a');
    first.start();
    await started.promise;
    await first.stop();
    expect(await read(j.id)).toMatchObject({ state: 'queued', lease_owner: null, lease_expires_at: null, run_at: clock.now() });
    const second = new JobRunner(ctx.store(), { clock, owner: 'w2' });
    const ran = deferred<Job>();
    second.register({ kind: 'build', run: async (job) => (ran.resolve(job), { status: 'succeeded' }) });
    second.start();
    expect((await ran.promise).attempts).toBe(2);
    await vi.waitFor(async () => expect((await read(j.id))?.state).toBe('succeeded'));
    await second.stop();
  });

  it('retries a throwing handler after the jittered backoff, reckoned on the injected clock', async () => {
    const clock = new ManualClock();
    const runner = new JobRunner(ctx.store(), { clock, owner: 'w1', random: () => 0.5 });
    let runs = 0;
    runner.register({
      kind: 'deliver',
      async run() {
        if (++runs === 1) throw new Error('receiver down');
        return { status: 'succeeded' };
      },
    });
    const j = await enqueue(clock, 'deliver', 'hook-1');
    const t0 = clock.now().getTime();
    runner.start();
    // Attempt 1: a delay drawn below a 1 s ceiling; random 0.5 makes it 500 ms.
    await vi.waitFor(async () => expect(await read(j.id)).toMatchObject({ state: 'queued', last_error: 'receiver down', run_at: new Date(t0 + 500) }));
    clock.advance(499);
    expect(runs).toBe(1);
    // The runner may be between polls: keep moving time until it has polled again.
    await vi.waitFor(async () => {
      clock.advance(1_000);
      expect((await read(j.id))?.state).toBe('succeeded');
    });
    expect(runs).toBe(2);
    await runner.stop();
  });

  it('runs the jobs claimed behind a head back to back, and hands them back when the one ahead must run again', async () => {
    const clock = new ManualClock();
    const runner = new JobRunner(ctx.store(), { clock, owner: 'w1', random: () => 0.5, runAhead: 8 });
    const ran: string[] = [];
    const told: string[][] = [];
    const jobs: Job[] = [];
    runner.register({
      kind: 'deliver',
      prefetch: (next) => told.push(next.map((j) => j.id)),
      async run(job) {
        ran.push(job.id);
        // The second job fails once: the three claimed behind it must wait for it.
        if (job.id === jobs[1]!.id && ran.filter((id) => id === job.id).length === 1) throw new Error('receiver down');
        return { status: 'succeeded' };
      },
    });
    for (let i = 0; i < 5; i++) {
      jobs.push(await enqueue(clock, 'deliver', 'hook-1'));
      clock.advance(1);
    }
    const ids = jobs.map((j) => j.id);
    runner.start();
    // The head alone, then the four behind it in one claim; the second fails and the rest go back to the queue.
    await vi.waitFor(async () => expect(await read(ids[1]!)).toMatchObject({ state: 'queued', last_error: 'receiver down' }));
    await vi.waitFor(async () => expect((await Promise.all(ids.slice(2).map(read))).map((j) => [j?.state, j?.lease_owner, j?.attempts])).toEqual(Array(3).fill(['queued', null, 0])));
    expect(ran).toEqual(ids.slice(0, 2));
    expect(told).toEqual([ids.slice(1)]);
    await vi.waitFor(async () => {
      clock.advance(1_000);
      expect((await read(ids[4]!))?.state).toBe('succeeded');
    });
    // In order, each once, but the one retried.
    expect(ran).toEqual([ids[0], ids[1], ids[1], ids[2], ids[3], ids[4]]);
    expect((await Promise.all(ids.map(read))).map((j) => [j?.state, j?.attempts])).toEqual([['succeeded', 1], ['succeeded', 2], ['succeeded', 1], ['succeeded', 1], ['succeeded', 1]]);
    await runner.stop();
  });

  it('renews the lease of a job claimed behind others before it runs, once it has waited longer than a beat', async () => {
    const clock = new ManualClock();
    const runner = new JobRunner(ctx.store(), { clock, owner: 'w1', leaseMs: 30_000, heartbeatMs: 10_000, runAhead: 2 });
    const jobs: Job[] = [];
    const slow = deferred<void>();
    const leases: (Date | null)[] = [];
    runner.register({
      kind: 'deliver',
      async run(job) {
        if (job.id === jobs[1]!.id) await slow.promise;
        leases.push((await read(job.id))?.lease_expires_at ?? null);
        return { status: 'succeeded' };
      },
    });
    for (let i = 0; i < 3; i++) {
      jobs.push(await enqueue(clock, 'deliver', 'hook-1'));
      clock.advance(1);
    }
    runner.start();
    // The second job runs and the third was claimed with it; 25 s pass (the heartbeat keeps the second alive).
    await vi.waitFor(() => expect(leases.length).toBe(1));
    await vi.waitFor(async () => expect((await read(jobs[2]!.id))?.state).toBe('running'));
    const claimedUntil = (await read(jobs[2]!.id))!.lease_expires_at!;
    for (let i = 0; i < 5; i++) {
      clock.advance(5_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    slow.resolve();
    await vi.waitFor(async () => expect((await read(jobs[2]!.id))?.state).toBe('succeeded'));
    // The third ran under a lease renewed a full term from when it started, not the one it was claimed with.
    expect(leases[2]!.getTime()).toBe(clock.now().getTime() + 30_000);
    expect(leases[2]!.getTime()).toBeGreaterThan(claimedUntil.getTime());
    await runner.stop();
  });

  describe('two runners on one store', () => {
    it('never run the same job twice, and keep each key in order', async () => {
      const store: Store = ctx.store();
      const runs = new Map<string, number>();
      const log: Array<{ key: string; n: number; edge: 'start' | 'end' }> = [];
      const runners = ['w1', 'w2'].map((owner) => {
        const r = new JobRunner(store, { clock: systemClock, owner, pollMs: 5, concurrency: 4 });
        r.register({
          kind: 'work',
          async run(j) {
            runs.set(j.id, (runs.get(j.id) ?? 0) + 1);
            log.push({ key: j.key, n: Number(j.payload.seq), edge: 'start' });
            await new Promise((res) => setImmediate(res));
            log.push({ key: j.key, n: Number(j.payload.seq), edge: 'end' });
            return { status: 'succeeded' };
          },
        });
        return r;
      });
      const jobs: Job[] = [];
      const base = systemClock.now().getTime() - 60_000;
      for (let seq = 0; seq < 3; seq++) {
        for (let k = 0; k < 20; k++) jobs.push({ ...job('work', `key-${k}`, new Date(base + seq * 1000 + k)), payload: { seq } });
      }
      await tx(async (t) => {
        for (const j of jobs) await t.jobs.enqueue(j);
      });
      runners.forEach((r) => r.start());
      await vi.waitFor(async () => expect(await Promise.all(jobs.map(async (j) => (await read(j.id))?.state))).toEqual(jobs.map(() => 'succeeded')), { timeout: 20_000, interval: 50 });
      await Promise.all(runners.map((r) => r.stop()));
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(runs.size).toBe(jobs.length);
      // Each finished job names the runner that finished it (how operators see replicas share the work).
      const owners = await Promise.all(jobs.map(async (j) => (await read(j.id))?.lease_owner));
      expect(owners.filter((o) => o !== 'w1' && o !== 'w2')).toEqual([]);
      for (let k = 0; k < 20; k++) {
        const ofKey = log.filter((e) => e.key === `key-${k}`).map((e) => `${e.edge}${e.n}`);
        expect(ofKey).toEqual(['start0', 'end0', 'start1', 'end1', 'start2', 'end2']);
      }
    });
  });
}

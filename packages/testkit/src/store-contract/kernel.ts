import { beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, type Job, type Store } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, byString, job, org } from './fixtures.js';
import { jobRunnerStoreSuite } from './job-runner.js';

/** The kernel's repositories: what every Store adapter implementing that module must do. */
export function kernelStoreSuite(ctx: StoreSuiteContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const { tx, capabilities } = ctx;

  describe('jobs', () => {
    const lease = at(60);

    it('enqueues, claims the oldest due job of the given kinds, and saves under the lease', async () => {
      const later = job('build', 'k2', at(1));
      const first = job('build', 'k1', at(0));
      const notDue = job('build', 'k3', at(0), at(3600));
      const otherKind = job('deliver', 'k4', at(-10));
      await tx(async (t) => {
        for (const j of [later, first, notDue, otherKind]) await t.jobs.enqueue(j);
      });
      expect(await store.read((t) => t.jobs.get(first.id))).toEqual(first);

      const claimed = await tx((t) => t.jobs.claim(['build'], 'w1', at(10), lease));
      expect(claimed).toEqual({ ...first, state: 'running', attempts: 1, lease_owner: 'w1', lease_expires_at: lease, updated_at: at(10) });
      expect(await store.read((t) => t.jobs.get(first.id))).toEqual(claimed);

      const done = { ...(claimed as Job), state: 'succeeded' as const, lease_owner: null, lease_expires_at: null, updated_at: at(11) };
      await tx((t) => t.jobs.save(done, 'w1'));
      expect(await store.read((t) => t.jobs.get(first.id))).toEqual(done);

      expect((await tx((t) => t.jobs.claim(['build'], 'w1', at(12), lease)))?.id).toBe(later.id);
      expect(await tx((t) => t.jobs.claim(['build'], 'w1', at(13), lease))).toBeNull();
      expect((await tx((t) => t.jobs.claim(['build'], 'w1', at(3600), at(3700))))?.id).toBe(notDue.id);
      expect(await tx((t) => t.jobs.claim([], 'w1', at(3600), at(3700)))).toBeNull();
    });

    it('lets another worker reclaim a job whose lease expired; the old holder then loses its save', async () => {
      const j = job('build', 'k', at(0));
      await tx((t) => t.jobs.enqueue(j));
      const first = (await tx((t) => t.jobs.claim(['build'], 'w1', at(1), at(30)))) as Job;
      expect(await tx((t) => t.jobs.claim(['build'], 'w2', at(29), at(90)))).toBeNull();
      const second = await tx((t) => t.jobs.claim(['build'], 'w2', at(31), at(90)));
      expect(second).toMatchObject({ id: j.id, lease_owner: 'w2', attempts: 2 });
      await expect(tx((t) => t.jobs.save({ ...first, state: 'succeeded' }, 'w1'))).rejects.toBeInstanceOf(ConcurrencyError);
      await tx((t) => t.jobs.save({ ...(second as Job), state: 'failed', last_error: 'boom' }, 'w2'));
      expect(await store.read((t) => t.jobs.get(j.id))).toMatchObject({ state: 'failed', last_error: 'boom', lease_owner: 'w2' });
    });

    it('runs jobs with the same key one at a time, oldest first', async () => {
      const a1 = job('build', 'app-a', at(0));
      const a2 = job('deliver', 'app-a', at(1));
      const b1 = job('build', 'app-b', at(2));
      await tx(async (t) => {
        for (const j of [a2, b1, a1]) await t.jobs.enqueue(j);
      });
      const kinds = ['build', 'deliver'];
      const claim = () => tx((t) => t.jobs.claim(kinds, 'w', at(10), lease));
      const c1 = await claim();
      expect(c1?.id).toBe(a1.id);
      expect((await claim())?.id).toBe(b1.id);
      expect(await claim()).toBeNull();
      await tx((t) => t.jobs.save({ ...(c1 as Job), state: 'succeeded' }, 'w'));
      expect((await claim())?.id).toBe(a2.id);
      expect((await store.read((t) => t.jobs.byKey('build', 'app-a'))).map((j) => j.id)).toEqual([a1.id]);
      expect((await store.read((t) => t.jobs.byKey('deliver', 'app-a'))).map((j) => j.state)).toEqual(['running']);
    });

    it('counts unfinished jobs per kind and state with the oldest creation time (the queue gauges)', async () => {
      const [b1, b2, b3, d1, done] = [job('build', 'a', at(5)), job('build', 'b', at(2)), job('build', 'c', at(9)), job('deliver', 'h', at(7)), job('deliver', 'g', at(1))];
      await tx(async (t) => {
        for (const j of [b1, b2, b3, d1, done]) await t.jobs.enqueue(j);
      });
      const running = (await tx((t) => t.jobs.claim(['build'], 'w1', at(20), at(80)))) as Job;
      expect(running.id).toBe(b2.id);
      const finished = (await tx((t) => t.jobs.claim(['deliver'], 'w1', at(20), at(80)))) as Job;
      expect(finished.id).toBe(done.id);
      await tx((t) => t.jobs.save({ ...finished, state: 'succeeded' }, 'w1'));
      expect(await store.read((t) => t.jobs.backlog())).toEqual([
        { kind: 'build', state: 'queued', count: 2, oldest_created_at: at(5) },
        { kind: 'build', state: 'running', count: 1, oldest_created_at: at(2) },
        { kind: 'deliver', state: 'queued', count: 1, oldest_created_at: at(7) },
      ]);
    });

    it('claims a batch: the heads of different keys, oldest first, each leased once', async () => {
      const a1 = job('build', 'app-a', at(0));
      const a2 = job('deliver', 'app-a', at(1));
      const b1 = job('build', 'app-b', at(2));
      const c1 = job('deliver', 'app-c', at(3));
      const other = job('other', 'app-d', at(4));
      await tx(async (t) => {
        for (const j of [c1, a2, other, b1, a1]) await t.jobs.enqueue(j);
      });
      const kinds = ['build', 'deliver'];
      const batch = await tx((t) => t.jobs.claimBatch(kinds, 'w', at(10), lease, 10));
      expect(batch.map((j) => j.id)).toEqual([a1.id, b1.id, c1.id]);
      for (const j of batch) {
        expect(j).toMatchObject({ state: 'running', attempts: 1, lease_owner: 'w', lease_expires_at: lease, updated_at: at(10) });
        expect(await store.read((t) => t.jobs.get(j.id))).toEqual(j);
      }
      // Every key's head is running now: a2 waits behind a1.
      expect(await tx((t) => t.jobs.claimBatch(kinds, 'w', at(11), lease, 10))).toEqual([]);
      await tx((t) => t.jobs.save({ ...batch[0]!, state: 'succeeded', lease_owner: null, lease_expires_at: null }, 'w'));
      expect((await tx((t) => t.jobs.claimBatch(kinds, 'w', at(12), lease, 2))).map((j) => j.id)).toEqual([a2.id]);
      expect(await tx((t) => t.jobs.claimBatch([], 'w', at(12), lease, 5))).toEqual([]);
      expect(await tx((t) => t.jobs.claimBatch(['other'], 'w', at(12), lease, 0))).toEqual([]);
    });

    it('claims the next job of each key in the transaction that finishes its head, and nothing out of order', async () => {
      const a1 = job('deliver', 'hook-a', at(0));
      const a2 = job('deliver', 'hook-a', at(1));
      const a3 = job('deliver', 'hook-a', at(2));
      const later = { ...job('deliver', 'hook-b', at(3)), run_at: at(500) };
      const b2 = job('deliver', 'hook-b', at(4));
      const c1 = job('deliver', 'hook-c', at(5));
      const c2 = job('deliver', 'hook-c', at(6));
      await tx(async (t) => {
        for (const j of [a1, a2, a3, later, b2, c1, c2]) await t.jobs.enqueue(j);
      });
      const heads = await tx((t) => t.jobs.claimBatch(['deliver'], 'w', at(10), lease, 5));
      expect(heads.map((j) => j.id).sort(byString)).toEqual([a1.id, c1.id].sort(byString));
      // While the heads run, the keys' next jobs are not runnable: they wait behind them.
      expect(await tx((t) => t.jobs.claimHeads(['hook-a', 'hook-c'], ['deliver'], 'w2', at(10), lease))).toEqual([]);
      const next = await tx(async (t) => {
        await t.jobs.succeed(heads.map((j) => j.id), 'w', at(11));
        return t.jobs.claimHeads(['hook-a', 'hook-c', 'hook-a'], ['deliver'], 'w', at(11), lease);
      });
      expect(next.map((j) => j.id).sort(byString)).toEqual([a2.id, c2.id].sort(byString));
      for (const j of next) {
        expect(j).toMatchObject({ state: 'running', attempts: 1, lease_owner: 'w', lease_expires_at: lease, updated_at: at(11) });
        expect(await store.read((t) => t.jobs.get(j.id))).toEqual(j);
      }
      expect(await store.read((t) => t.jobs.get(a1.id))).toMatchObject({ state: 'succeeded', lease_owner: 'w', lease_expires_at: null, updated_at: at(11), attempts: 1 });
      // Of a kind this runner does not handle, or a key whose head is not due yet: nothing, and never the job behind.
      await tx((t) => t.jobs.succeed(next.map((j) => j.id), 'w', at(12)));
      expect(await tx((t) => t.jobs.claimHeads(['hook-a'], ['build'], 'w', at(12), lease))).toEqual([]);
      expect(await tx((t) => t.jobs.claimHeads(['hook-b'], ['deliver'], 'w', at(12), lease))).toEqual([]);
      expect(await tx((t) => t.jobs.claimHeads(['hook-z'], ['deliver'], 'w', at(12), lease))).toEqual([]);
      expect(await tx((t) => t.jobs.claimHeads([], ['deliver'], 'w', at(12), lease))).toEqual([]);
      expect((await tx((t) => t.jobs.claimHeads(['hook-a', 'hook-b', 'hook-c'], ['deliver'], 'w', at(12), lease))).map((j) => j.id)).toEqual([a3.id]);
    });

    it('marks finished heads succeeded and claims their keys\' next jobs in one call, or changes nothing when a lease is lost', async () => {
      const a1 = job('deliver', 'hook-a', at(0));
      const a2 = job('deliver', 'hook-a', at(1));
      const b1 = job('deliver', 'hook-b', at(2));
      const b2 = { ...job('deliver', 'hook-b', at(3)), run_at: at(500) };
      const c1 = job('deliver', 'hook-c', at(4));
      const c2 = job('deliver', 'hook-c', at(5));
      await tx(async (t) => {
        for (const j of [a1, a2, b1, b2, c1, c2]) await t.jobs.enqueue(j);
      });
      const heads = await tx((t) => t.jobs.claimBatch(['deliver'], 'w', at(10), lease, 5));
      expect(heads.map((j) => j.id).sort(byString)).toEqual([a1.id, b1.id, c1.id].sort(byString));
      const theirs = (await tx((t) => t.jobs.claimBatch(['deliver'], 'other', at(10), lease, 5))).length;
      expect(theirs).toBe(0);
      // One id not held by `w`: nothing marked, nothing claimed.
      const ghost = '00000000-0000-4000-8000-000000000000';
      await expect(tx((t) => t.jobs.succeedThenClaimHeads([a1.id, ghost], ['hook-a'], ['deliver'], 'w', at(11), lease))).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store.read((t) => t.jobs.get(a1.id)))?.state).toBe('running');
      expect((await store.read((t) => t.jobs.get(a2.id)))?.state).toBe('queued');
      // a1 and b1 finish; their keys (hook-a twice) go on: a2 is claimed, b2 is not due; c1 is still running.
      const next = await tx((t) => t.jobs.succeedThenClaimHeads([a1.id, b1.id], ['hook-a', 'hook-b', 'hook-a', 'hook-c'], ['deliver'], 'w', at(11), lease));
      expect(next.map((j) => j.id)).toEqual([a2.id]);
      expect(next[0]).toMatchObject({ state: 'running', attempts: 1, lease_owner: 'w', lease_expires_at: lease, updated_at: at(11) });
      expect(await store.read((t) => t.jobs.get(a2.id))).toEqual(next[0]);
      for (const id of [a1.id, b1.id]) expect(await store.read((t) => t.jobs.get(id))).toMatchObject({ state: 'succeeded', lease_owner: 'w', lease_expires_at: null, updated_at: at(11) });
      // Nothing finished, or no key going on: as succeed or claimHeads alone.
      expect(await tx((t) => t.jobs.succeedThenClaimHeads([], ['hook-c'], ['deliver'], 'w', at(12), lease))).toEqual([]);
      expect(await tx((t) => t.jobs.succeedThenClaimHeads([c1.id], [], ['deliver'], 'w', at(12), lease))).toEqual([]);
      expect((await store.read((t) => t.jobs.get(c1.id)))?.state).toBe('succeeded');
      expect((await tx((t) => t.jobs.succeedThenClaimHeads([a2.id], ['hook-a', 'hook-c'], ['deliver'], 'w', at(13), lease))).map((j) => j.id)).toEqual([c2.id]);
    });

    it('claims each head with the runnable jobs queued right behind it, up to a depth, oldest first', async () => {
      const a = [0, 1, 2, 3].map((i) => job('deliver', 'hook-a', at(i)));
      const b1 = job('deliver', 'hook-b', at(4));
      const bLater = { ...job('deliver', 'hook-b', at(5)), run_at: at(500) };
      const b3 = job('deliver', 'hook-b', at(6));
      const c1 = job('deliver', 'hook-c', at(7));
      const cOther = job('build', 'hook-c', at(8));
      const c3 = job('deliver', 'hook-c', at(9));
      await tx(async (t) => {
        for (const j of [...a, b1, bLater, b3, c1, cOther, c3]) await t.jobs.enqueue(j);
      });
      const heads = await tx((t) => t.jobs.claimBatch(['deliver'], 'w', at(10), lease, 1));
      expect(heads.map((j) => j.id)).toEqual([a[0]!.id]);
      // hook-a: its head finishes; the three behind it come, but only two fit the depth. hook-b: its head and the one
      // job before one not yet due. hook-c: its head, never the job behind one of a kind this runner does not run.
      const next = await tx((t) => t.jobs.succeedThenClaimHeads([a[0]!.id], ['hook-a', 'hook-b', 'hook-c'], ['deliver'], 'w', at(11), lease, 2));
      expect(next.map((j) => j.id)).toEqual([a[1]!.id, a[2]!.id, b1.id, c1.id]);
      for (const j of next) {
        expect(j).toMatchObject({ state: 'running', attempts: 1, lease_owner: 'w', lease_expires_at: lease, updated_at: at(11) });
        expect(await store.read((t) => t.jobs.get(j.id))).toEqual(j);
      }
      expect((await store.read((t) => t.jobs.get(a[3]!.id)))?.state).toBe('queued');
      // Nothing behind a running job is claimed by another runner, not even a queued one further back.
      expect(await tx((t) => t.jobs.claimHeads(['hook-a', 'hook-b', 'hook-c'], ['deliver'], 'other', at(12), lease, 4))).toEqual([]);
      expect(await tx((t) => t.jobs.claimBatch(['deliver', 'build'], 'other', at(12), lease, 10))).toEqual([]);
      // A head whose lease ran out is claimed again, with the queued job behind it; without a finished id, as claimHeads.
      const late = new Date(lease.getTime() + 1);
      const again = await tx((t) => t.jobs.claimHeads(['hook-a'], ['deliver'], 'other', late, new Date(late.getTime() + 60_000), 3));
      expect(again.map((j) => [j.id, j.attempts, j.lease_owner])).toEqual([
        [a[1]!.id, 2, 'other'],
        [a[2]!.id, 2, 'other'],
        [a[3]!.id, 1, 'other'],
      ]);
    });

    it('marks leased jobs succeeded in one go, or none of them when one lease is lost', async () => {
      const jobs = [job('deliver', 'k1', at(0)), job('deliver', 'k2', at(1)), job('deliver', 'k3', at(2))];
      await tx(async (t) => {
        for (const j of jobs) await t.jobs.enqueue(j);
      });
      const mine = await tx((t) => t.jobs.claimBatch(['deliver'], 'w', at(10), lease, 2));
      // No more than the limit, though a third key's head is runnable: it is left for the next claimer.
      expect(mine.map((j) => j.id)).toEqual([jobs[0]!.id, jobs[1]!.id]);
      const theirs = (await tx((t) => t.jobs.claim(['deliver'], 'other', at(10), lease))) as Job;
      expect(theirs.id).toBe(jobs[2]!.id);
      await expect(tx((t) => t.jobs.succeed([...mine.map((j) => j.id), theirs.id], 'w', at(11)))).rejects.toBeInstanceOf(ConcurrencyError);
      for (const j of [...mine, theirs]) expect((await store.read((t) => t.jobs.get(j.id)))?.state).toBe('running');
      await tx((t) => t.jobs.succeed(mine.map((j) => j.id), 'w', at(12)));
      for (const j of mine) expect(await store.read((t) => t.jobs.get(j.id))).toMatchObject({ state: 'succeeded', lease_owner: 'w', lease_expires_at: null, updated_at: at(12) });
      expect((await store.read((t) => t.jobs.get(theirs.id)))?.state).toBe('running');
    });

    it('never hands one job to two of 8 concurrent batch claimers', async () => {
      const jobs = Array.from({ length: 60 }, (_, i) => job('build', `key-${i}`, at(i)));
      await tx(async (t) => {
        for (const j of jobs) await t.jobs.enqueue(j);
      });
      const claimed: string[] = [];
      const worker = async (w: number) => {
        for (let misses = 0; claimed.length < jobs.length && misses < 20; ) {
          const batch = await tx((t) => t.jobs.claimBatch(['build'], `w${w}`, at(100), at(200), 4));
          if (batch.length) claimed.push(...batch.map((j) => j.id));
          else misses++;
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
      expect(claimed.slice().sort(byString)).toEqual(jobs.map((j) => j.id).sort(byString));
    });

    it('never hands one job to two of 8 concurrent claimers', async () => {
      const jobs = Array.from({ length: 40 }, (_, i) => job('build', `key-${i}`, at(i)));
      await tx(async (t) => {
        for (const j of jobs) await t.jobs.enqueue(j);
      });
      const claimed: string[] = [];
      const worker = async (w: number) => {
        // A null can only mean "nothing left"; the bound keeps a broken driver from spinning forever.
        for (let misses = 0; claimed.length < jobs.length && misses < 20; ) {
          const j = await tx((t) => t.jobs.claim(['build'], `w${w}`, at(100), at(200)));
          if (j) claimed.push(j.id);
          else misses++;
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
      expect(claimed.slice().sort(byString)).toEqual(jobs.map((j) => j.id).sort(byString));
    });

    if (capabilities.skipLocked) {
      it('lets a claimer pass over a job another open transaction holds (SKIP LOCKED)', async () => {
        const jobs = [job('build', 'x', at(0)), job('build', 'y', at(1))];
        await tx(async (t) => {
          for (const j of jobs) await t.jobs.enqueue(j);
        });
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        let claimedFirst!: (id: string | undefined) => void;
        const firstClaimed = new Promise<string | undefined>((r) => (claimedFirst = r));
        const holder = tx(async (t) => {
          claimedFirst((await t.jobs.claim(['build'], 'w1', at(10), lease))?.id);
          await held;
        });
        expect(await firstClaimed).toBe(jobs[0]!.id);
        const second = await tx((t) => t.jobs.claim(['build'], 'w2', at(10), lease));
        release();
        await holder;
        expect(second?.id).toBe(jobs[1]!.id);
      });
    }
  });

  describe('job runner', () => jobRunnerStoreSuite(ctx));

  describe('seen events', () => {
    it('remembers a key once: the first caller gets true, every later one false', async () => {
      expect(await tx((t) => t.seenEvents.remember('crashed:a:H10:web.1:t0', at(0)))).toBe(true);
      expect(await tx((t) => t.seenEvents.remember('crashed:a:H10:web.1:t0', at(1)))).toBe(false);
      expect(await tx((t) => t.seenEvents.remember('crashed:a:H10:web.1:t1', at(1)))).toBe(true);
    });

    it('lets exactly one of 8 concurrent callers win a key, without failing the others', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => tx((t) => t.seenEvents.remember('crashed:race', at(0)))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('keeps its transaction usable when the key is taken', async () => {
      await tx((t) => t.seenEvents.remember('k', at(0)));
      const o = org('after');
      await tx(async (t) => {
        expect(await t.seenEvents.remember('k', at(0))).toBe(false);
        await t.organizations.insert(o);
      });
      expect(await store.read((t) => t.organizations.find('after'))).toEqual(o);
    });

    it('forgets keys recorded before a time', async () => {
      await tx((t) => t.seenEvents.remember('old', at(0)));
      await tx((t) => t.seenEvents.remember('new', at(100)));
      expect(await tx((t) => t.seenEvents.forget(at(50)))).toBe(1);
      expect(await tx((t) => t.seenEvents.remember('old', at(200)))).toBe(true);
      expect(await tx((t) => t.seenEvents.remember('new', at(200)))).toBe(false);
    });
  });
}

import { ConcurrencyError, isUuid, type Job, type JobRepo } from '@slipway/core';
import type { Knex } from '@mikro-orm/knex';
import { dateIn, dateOut } from '../codec.js';
import { affected, inList, insertRows, listParam, preparedSelect, run, type Db } from '../db.js';
import { jobRow, toJob, type Row } from '../rows.js';

const UNFINISHED = ['queued', 'running'];

// One statement, whatever the number of keys: each key's head by the (state, key, created_at) index, leased only if it
// is runnable and of the kinds asked for. Never the job behind a head that is not (no SKIP LOCKED: that would hand jobs
// out of order); the UPDATE's own conditions, re-checked on the rows it locks, keep the claim exclusive.
const claimKeyHeads = preparedSelect('slipway_jobs_claim_heads', (d) => {
  const keys = d === 'postgresql' ? 'unnest(cast(? as text[])) as k(key)' : '(select value as key from json_each(?)) as k';
  const head = `select (select j.id from jobs j where j.state in ('queued', 'running') and j.key = k.key order by j.created_at, j.id limit 1) from ${keys}`;
  return (
    `update jobs set state = 'running', lease_owner = ?, lease_expires_at = ?, updated_at = ?, attempts = attempts + 1 where id in (${head}) and ${inList(d, 'kind', 'text')}` +
    ` and ((state = 'queued' and run_at <= ?) or (state = 'running' and lease_expires_at <= ?)) returning *`
  );
});

// PostgreSQL: the finished jobs marked and their keys' next heads claimed in one statement. Its parts share one snapshot,
// where the finished jobs are still running, so the heads are looked for among the other jobs; the one row that
// always comes back counts the jobs marked (the claimed ones, if any, ride along).
const succeedClaimHeads = preparedSelect(
  'slipway_jobs_succeed_claim_heads',
  `with done as (update jobs set state = 'succeeded', lease_expires_at = null, updated_at = ? where id = any(cast(? as uuid[])) and lease_owner = ? returning id),` +
    ` claimed as (update jobs set state = 'running', lease_owner = ?, lease_expires_at = ?, updated_at = ?, attempts = attempts + 1 where id in (` +
    `select (select j.id from jobs j where j.state in ('queued', 'running') and j.key = k.key and j.id <> all(cast(? as uuid[])) order by j.created_at, j.id limit 1) from unnest(cast(? as text[])) as k(key))` +
    ` and kind = any(cast(? as text[])) and ((state = 'queued' and run_at <= ?) or (state = 'running' and lease_expires_at <= ?)) returning *)` +
    ` select (select count(*) from done) as slipway_done, claimed.* from (select 1) as one left join claimed on true`,
);

// PostgreSQL: a batch claim in one statement. The oldest runnable key heads of the kinds asked for (no older unfinished
// job of the key, the lower id first within a millisecond) are locked, skipping rows another claimer holds, and leased
// by the UPDATE, which re-checks that each is still runnable. The heads are chosen once, in a materialized CTE: as an
// `id in (subquery)` the planner may run the subquery again per row, each run locking and limiting on its own.
const claimHeadsBatch = preparedSelect(
  'slipway_jobs_claim_batch',
  `with heads as materialized (select j.id from jobs j where j.kind = any(cast(? as text[])) and ((j.state = 'queued' and j.run_at <= ?) or (j.state = 'running' and j.lease_expires_at <= ?))` +
    ` and not exists (select 1 from jobs o where o.key = j.key and o.state in ('queued', 'running') and (o.created_at < j.created_at or (o.created_at = j.created_at and o.id < j.id)))` +
    ` order by j.created_at, j.id limit ? for update of j skip locked)` +
    ` update jobs set state = 'running', lease_owner = ?, lease_expires_at = ?, updated_at = ?, attempts = attempts + 1 from heads where jobs.id = heads.id` +
    ` and ((jobs.state = 'queued' and jobs.run_at <= ?) or (jobs.state = 'running' and jobs.lease_expires_at <= ?)) returning jobs.*`,
);

/** The columns of a job row and their PostgreSQL types: enqueues, one per outbox write, use one prepared statement. */
const JOB_COLUMNS = {
  id: 'uuid', kind: 'text', key: 'text', payload: 'jsonb', state: 'text', attempts: 'integer', run_at: 'timestamptz',
  lease_owner: 'text', lease_expires_at: 'timestamptz', last_error: 'text', created_at: 'timestamptz', updated_at: 'timestamptz',
};

// Every batch of finished jobs is marked with this one statement, whatever the batch's size.
const succeedLeased = preparedSelect(
  'slipway_jobs_succeed',
  (d) => `update jobs set state = 'succeeded', lease_expires_at = null, updated_at = ? where ${inList(d, 'id')} and lease_owner = ? returning id`,
);

/** Throws when fewer of the caller's jobs were marked than it held: inside its transaction, whose rollback undoes the rest. */
function assertHeld(held: number, marked: number): void {
  if (marked !== held) throw new ConcurrencyError(`${held - marked} of ${held} jobs are no longer leased to this worker`);
}

/** JobRepo over one unit of work. */
export function jobRepo(db: Db): JobRepo {
  /** Queued and due, or running under an expired lease (its worker is presumed dead). */
  const runnable = (qb: Knex.QueryBuilder, now: Date | number, t = '') =>
    qb.where((w) =>
      w
        .where((q) => q.where(`${t}state`, 'queued').where(`${t}run_at`, '<=', now))
        .orWhere((q) => q.where(`${t}state`, 'running').where(`${t}lease_expires_at`, '<=', now)),
    );

  /**
   * The oldest runnable candidate of `kinds` whose key has no older unfinished job (per-key order).
   * Only each key's head (its oldest unfinished job) can qualify, so the heads are found first with one
   * grouped scan of unfinished jobs; a backlog behind busy keys then costs nothing per claim.
   */
  const candidate = (kinds: string[], now: Date | number, limit: number) => {
    const heads = db.knex('jobs').select('key').min({ first_at: 'created_at' }).whereIn('state', UNFINISHED).groupBy('key').as('h');
    const qb = db.knex('jobs as j').select('j.*').join(heads, (on) => on.on('h.key', '=', 'j.key').andOn('h.first_at', '=', 'j.created_at')).whereIn('j.kind', kinds);
    runnable(qb, now, 'j.');
    // Two unfinished jobs of one key created in the same millisecond: the lower id goes first.
    qb.whereNotExists((sub) =>
      sub
        .select(db.knex.raw('1'))
        .from('jobs as o')
        .whereRaw('o.key = j.key')
        .whereRaw('o.created_at = j.created_at')
        .whereRaw('o.id < j.id')
        .whereIn('o.state', UNFINISHED),
    );
    qb.orderBy([{ column: 'j.created_at' }, { column: 'j.id' }]).limit(limit);
    return qb;
  };

  /** Up to `limit` key heads, leased to `owner` (see JobRepo.claimBatch). */
  const claimBatch: JobRepo['claimBatch'] = async (kinds, owner, now, leaseUntil, limit) => {
    if (kinds.length === 0 || !(limit >= 1)) return [];
    const at = dateIn(db.dialect, now);
    if (db.dialect === 'postgresql') {
      const rows = await claimHeadsBatch(db, [kinds, at, at, Math.floor(limit), owner, dateIn(db.dialect, leaseUntil), at, at, at]);
      // RETURNING keeps no order: oldest first, as the candidates were chosen.
      return rows.map(toJob).sort((x, y) => x.created_at.getTime() - y.created_at.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    }
    const leased = { state: 'running', lease_owner: owner, lease_expires_at: dateIn(db.dialect, leaseUntil), updated_at: at };
    // SQLite: the one writer. Outside a transaction the UPDATE re-checks runnability; losing that race for some rows
    // just means trying the next candidates.
    for (let attempt = 0; attempt < 10; attempt++) {
      const rows: Row[] = await run(candidate(kinds, at, Math.floor(limit)));
      if (rows.length === 0) return [];
      const jobs = rows.map(toJob);
      if (jobs.length === 1) {
        // One row keeps the exact attempts check of the single claim.
        const [job] = jobs as [Job];
        const taken = await affected(runnable(db.knex('jobs').where({ id: job.id, attempts: job.attempts }), at).update({ ...leased, attempts: job.attempts + 1 }));
        if (taken === 1) return [{ ...job, state: 'running', lease_owner: owner, lease_expires_at: leaseUntil, attempts: job.attempts + 1, updated_at: now }];
        continue;
      }
      // One UPDATE for the batch. Inside the claim's transaction the rows are ours (SQLite has one writer), so every
      // row is taken; should one have changed meanwhile, only the rows this very update leased (owner, instant and
      // next attempt count) are handed out.
      const ids = jobs.map((j) => j.id);
      const taken = await affected(
        runnable(db.knex('jobs').whereIn('id', ids), at).update({ ...leased, attempts: db.knex.raw('attempts + 1') }),
      );
      let won = jobs;
      if (taken !== jobs.length) {
        const mine: Row[] = await run(db.knex('jobs').select('id', 'attempts').whereIn('id', ids).where({ lease_owner: owner, state: 'running', updated_at: at }));
        const attemptsOf = new Map(mine.map((r) => [r.id as string, Number(r.attempts)]));
        won = jobs.filter((j) => attemptsOf.get(j.id) === j.attempts + 1);
      }
      if (won.length > 0) return won.map((job) => ({ ...job, state: 'running' as const, lease_owner: owner, lease_expires_at: leaseUntil, attempts: job.attempts + 1, updated_at: now }));
    }
    return [];
  };

  const claimHeads: JobRepo['claimHeads'] = async (keys, kinds, owner, now, leaseUntil) => {
    if (kinds.length === 0 || keys.length === 0) return [];
    const at = dateIn(db.dialect, now);
    const rows = await claimKeyHeads(db, [owner, dateIn(db.dialect, leaseUntil), at, listParam(db.dialect, [...new Set(keys)]), listParam(db.dialect, kinds), at, at]);
    return rows.map(toJob);
  };

  const succeed: JobRepo['succeed'] = async (ids, owner, now) => {
    if (ids.length === 0) return;
    const done = await succeedLeased(db, [dateIn(db.dialect, now), listParam(db.dialect, [...new Set(ids)]), owner]);
    assertHeld(new Set(ids).size, done.length);
  };

  return {
    async enqueue(job) {
      await insertRows(db, 'jobs', (Array.isArray(job) ? job : [job]).map((j) => jobRow(db.dialect, j)), JOB_COLUMNS);
    },
    async claim(kinds, owner, now, leaseUntil) {
      return (await claimBatch(kinds, owner, now, leaseUntil, 1))[0] ?? null;
    },
    claimBatch,
    claimHeads,
    succeed,
    async succeedThenClaimHeads(ids, keys, kinds, owner, now, leaseUntil) {
      if (db.dialect !== 'postgresql' || ids.length === 0 || keys.length === 0 || kinds.length === 0) {
        await succeed(ids, owner, now);
        return claimHeads(keys, kinds, owner, now, leaseUntil);
      }
      const at = dateIn(db.dialect, now);
      const unique = [...new Set(ids)];
      const rows = await succeedClaimHeads(db, [at, unique, owner, owner, dateIn(db.dialect, leaseUntil), at, unique, [...new Set(keys)], kinds, at, at]);
      assertHeld(unique.length, Number(rows[0]?.slipway_done ?? 0));
      return rows.filter((r) => r.id !== null).map(({ slipway_done: _n, ...r }) => toJob(r));
    },
    async save(job: Job, owner: string) {
      const { id, kind: _kind, key: _key, created_at: _created, ...changes } = jobRow(db.dialect, job);
      const n = await affected(db.knex('jobs').where({ id, lease_owner: owner }).update(changes));
      if (n === 0) throw new ConcurrencyError(`job ${job.id} is no longer leased to this worker`);
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('jobs').where({ id: id.toLowerCase() }).limit(1));
      return rows[0] ? toJob(rows[0]) : null;
    },
    async byKey(kind, key) {
      const rows: Row[] = await run(db.knex('jobs').where({ kind, key }).orderBy([{ column: 'created_at' }, { column: 'id' }]));
      return rows.map(toJob);
    },
    async backlog() {
      const rows: Row[] = await run(
        db.knex('jobs').select('kind', 'state').count({ n: '*' }).min({ oldest: 'created_at' }).whereIn('state', UNFINISHED).groupBy('kind', 'state').orderBy(['kind', 'state']),
      );
      return rows.map((r) => ({ kind: r.kind as string, state: r.state as 'queued' | 'running', count: Number(r.n), oldest_created_at: dateOut(r.oldest) }));
    },
  };
}

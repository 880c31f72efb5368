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

// Queued and due, or running under an expired lease (its worker is presumed dead), and of the kinds asked for: the
// runnable test every claim below repeats (its parameters: kinds, now, now).
const RUNNABLE = (d: 'postgresql' | 'sqlite', t = '') =>
  `${inList(d, `${t}kind`, 'text')} and ((${t}state = 'queued' and ${t}run_at <= ?) or (${t}state = 'running' and ${t}lease_expires_at <= ?))`;

// PostgreSQL: the finished jobs marked and their keys' next jobs claimed in one statement (with none finished, a plain
// claim of the keys' heads). Its parts share one snapshot, where the finished jobs are still running, so each key's
// unfinished jobs are looked for among the others: the first `depth` of them, in order, cut at the first that is not
// runnable. The head is leased with the statement's own re-check, and the jobs behind it only where their head was,
// so no job is ever leased while one ahead of it runs elsewhere. The one row that always comes back counts the jobs
// marked; the claimed ones, with their rank in their key, ride along.
const succeedClaimHeads = preparedSelect(
  'slipway_jobs_succeed_claim_ahead',
  `with done as (update jobs set state = 'succeeded', lease_expires_at = null, updated_at = ? where id = any(cast(? as uuid[])) and lease_owner = ? returning id),` +
    ` ahead as (select c.id, c.key, c.rank from unnest(cast(? as text[])) as k(key) cross join lateral (` +
    `select r.id, r.key, row_number() over w as rank, bool_and(r.ok) over w as ok from (` +
    `select j.id, j.key, j.created_at, (${RUNNABLE('postgresql', 'j.')}) as ok from jobs j where j.state in ('queued', 'running') and j.key = k.key` +
    ` and j.id <> all(cast(? as uuid[])) order by j.created_at, j.id limit ?) r window w as (order by r.created_at, r.id)) c where c.ok),` +
    ` heads as (update jobs set state = 'running', lease_owner = ?, lease_expires_at = ?, updated_at = ?, attempts = attempts + 1` +
    ` where id in (select id from ahead where rank = 1) and ${RUNNABLE('postgresql')} returning *),` +
    ` behind as (update jobs set state = 'running', lease_owner = ?, lease_expires_at = ?, updated_at = ?, attempts = attempts + 1` +
    ` where id in (select id from ahead where rank > 1 and key in (select key from heads)) and ${RUNNABLE('postgresql')} returning *)` +
    ` select (select count(*) from done) as slipway_done, c.*, a.rank as slipway_rank from (select 1) as one` +
    ` left join ((select * from heads union all select * from behind) c join ahead a on a.id = c.id) on true`,
);

// SQLite, claiming more than each key's head: the first `depth` unfinished jobs of each key (one part per key, so
// one text per number of keys), with whether each is runnable; the caller leases the runnable run at the front.
const aheadOfKeys = new Map<number, (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]>>();
function aheadOf(keys: number): (db: Db, bindings: unknown[]) => Promise<Record<string, unknown>[]> {
  let statement = aheadOfKeys.get(keys);
  if (!statement) {
    const part =
      `select * from (select j.id, j.key, (${RUNNABLE('sqlite', 'j.')}) as ok from jobs j where j.state in ('queued', 'running') and j.key = ?` +
      ` and j.id not in (select value from json_each(?)) order by j.created_at, j.id limit ?)`;
    statement = preparedSelect(`slipway_jobs_ahead_${keys}`, Array.from({ length: keys }, () => part).join(' union all '));
    aheadOfKeys.set(keys, statement);
  }
  return statement;
}

// SQLite: those jobs leased, each re-checked as it is updated.
const leaseAhead = preparedSelect(
  'slipway_jobs_lease_ahead',
  `update jobs set state = 'running', lease_owner = ?, lease_expires_at = ?, updated_at = ?, attempts = attempts + 1 where ${inList('sqlite', 'id')} and ${RUNNABLE('sqlite')} returning *`,
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

/** Oldest first (the lower id first within a millisecond): the order a key's jobs run in. */
const byAge = (x: Job, y: Job): number => x.created_at.getTime() - y.created_at.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

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
      return rows.map(toJob).sort(byAge);
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

  /**
   * Of the jobs just leased, with their rank in their key, the run at the front of each key (ranks 1, 2, ... without a
   * gap), oldest first. A job whose re-check failed (another worker changed it meanwhile) leaves a gap, and those
   * behind it go back to the queue, so that no job runs ahead of one that is not this worker's.
   */
  const frontRuns = async (rows: { job: Job; rank: number }[], owner: string, now: Date): Promise<Job[]> => {
    const byKey = new Map<string, { job: Job; rank: number }[]>();
    for (const r of rows) {
      const run = byKey.get(r.job.key);
      if (run) run.push(r);
      else byKey.set(r.job.key, [r]);
    }
    const kept: Job[] = [];
    const strays: string[] = [];
    for (const run of byKey.values()) {
      run.sort((x, y) => x.rank - y.rank);
      const gap = run.findIndex((r, i) => r.rank !== i + 1);
      const front = gap < 0 ? run : run.slice(0, gap);
      kept.push(...front.map((r) => r.job));
      strays.push(...run.slice(front.length).map((r) => r.job.id));
    }
    if (strays.length > 0) {
      await run(
        db.knex('jobs').whereIn('id', strays).where({ lease_owner: owner })
          .update({ state: 'queued', attempts: db.knex.raw('attempts - 1'), lease_owner: null, lease_expires_at: null, updated_at: dateIn(db.dialect, now) }),
      );
    }
    // Oldest first, as each key's jobs must run.
    return kept.sort(byAge);
  };

  /** PostgreSQL: `ids` marked succeeded and the front runs of `keys` claimed, in one statement; answers how many were marked. */
  const succeedClaimAhead = async (ids: string[], keys: string[], kinds: string[], owner: string, now: Date, leaseUntil: Date, depth: number): Promise<[number, Job[]]> => {
    const at = dateIn(db.dialect, now);
    const until = dateIn(db.dialect, leaseUntil);
    const unique = [...new Set(ids)];
    const rows = await succeedClaimHeads(db, [
      at, unique, owner,
      [...new Set(keys)], kinds, at, at, unique, Math.max(1, Math.floor(depth)),
      owner, until, at, kinds, at, at,
      owner, until, at, kinds, at, at,
    ]);
    const leased = rows.filter((r) => r.id !== null).map(({ slipway_done: _n, slipway_rank: rank, ...r }) => ({ job: toJob(r), rank: Number(rank) }));
    return [Number(rows[0]?.slipway_done ?? 0), await frontRuns(leased, owner, now)];
  };

  const claimHeads: JobRepo['claimHeads'] = async (keys, kinds, owner, now, leaseUntil, depth = 1) => {
    if (kinds.length === 0 || keys.length === 0) return [];
    if (db.dialect === 'postgresql') return (await succeedClaimAhead([], keys, kinds, owner, now, leaseUntil, depth))[1];
    const at = dateIn(db.dialect, now);
    const unique = [...new Set(keys)];
    if (!(depth > 1)) return (await claimKeyHeads(db, [owner, dateIn(db.dialect, leaseUntil), at, listParam(db.dialect, unique), listParam(db.dialect, kinds), at, at])).map(toJob);
    // SQLite: each key's first jobs, then the runnable run at the front of each leased (two statements, one writer).
    const found = await aheadOf(unique.length)(db, unique.flatMap((key) => [JSON.stringify(kinds), at, at, key, '[]', Math.floor(depth)]));
    const rankOf = new Map<string, number>();
    for (const key of unique) {
      const ofKey = found.filter((r) => r.key === key);
      for (let i = 0; i < ofKey.length && Number(ofKey[i]!.ok) === 1; i++) rankOf.set(String(ofKey[i]!.id), i + 1);
    }
    if (rankOf.size === 0) return [];
    const leased = await leaseAhead(db, [owner, dateIn(db.dialect, leaseUntil), at, JSON.stringify([...rankOf.keys()]), JSON.stringify(kinds), at, at]);
    return frontRuns(leased.map((r) => ({ job: toJob(r), rank: rankOf.get(String(r.id))! })), owner, now);
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
    async succeedThenClaimHeads(ids, keys, kinds, owner, now, leaseUntil, depth = 1) {
      if (db.dialect !== 'postgresql' || ids.length === 0 || keys.length === 0 || kinds.length === 0) {
        await succeed(ids, owner, now);
        return claimHeads(keys, kinds, owner, now, leaseUntil, depth);
      }
      const [marked, claimed] = await succeedClaimAhead(ids, keys, kinds, owner, now, leaseUntil, depth);
      assertHeld(new Set(ids).size, marked);
      return claimed;
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

import {
  ConcurrencyError,
  ConflictError,
  isUuid,
  type Build,
  type BuildRepo,
  type Formation,
  type FormationRepo,
  type Release,
  type ReleaseRepo,
  type Slug,
  type SlugRepo,
} from '@slipway/core';
import { dateIn, dateOut, jsonIn, jsonOut, maybeDateIn, maybeDateOut, stampsOut } from '../../codec.js';
import { affected, preparedSelect, run, type Db, type Dialect } from '../../db.js';
import { applyPage } from '../../paging.js';
import type { Row } from '../../rows.js';

// Read on every config change (a new release of the current slug) and every deploy: prepared once.
const currentRelease = preparedSelect('slipway_current_release', 'select * from releases where app_id = ? order by version desc limit 1');

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A build as a row. */
function buildRow(d: Dialect, b: Build): Row {
  return {
    id: b.id,
    app_id: b.app_id,
    status: b.status,
    source_url: b.source.url,
    source_checksum: b.source.checksum,
    source_version: b.source.version,
    source_commit: b.source.commit,
    source_repo: b.source.repo,
    source_branch: b.source.branch,
    source_org: b.source.org,
    slug_id: b.slug_id,
    release_id: b.release_id,
    user_id: b.user_id,
    user_name: b.user_name,
    user_email: b.user_email,
    created_at: dateIn(d, b.created_at),
    updated_at: dateIn(d, b.updated_at),
  };
}

/** A row as a build. */
function toBuild(r: Row): Build {
  return {
    id: r.id as string,
    app_id: r.app_id as string,
    status: r.status as Build['status'],
    source: {
      url: str(r.source_url),
      checksum: r.source_checksum as string,
      version: str(r.source_version),
      commit: str(r.source_commit),
      repo: str(r.source_repo),
      branch: str(r.source_branch),
      org: str(r.source_org),
    },
    slug_id: str(r.slug_id),
    release_id: str(r.release_id),
    user_id: r.user_id as string,
    user_name: r.user_name as string,
    user_email: r.user_email as string,
    ...stampsOut(r),
  };
}

/** BuildRepo over one unit of work. */
export function buildRepo(db: Db): BuildRepo {
  return {
    async insert(build) {
      await run(db.knex('builds').insert(buildRow(db.dialect, build)));
    },
    async find(id) {
      if (!isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('builds').where({ id: id.toLowerCase() }).limit(1));
      return rows[0] ? toBuild(rows[0]) : null;
    },
    async get(appId, id) {
      if (!isUuid(appId) || !isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('builds').where({ app_id: appId, id: id.toLowerCase() }).limit(1));
      return rows[0] ? toBuild(rows[0]) : null;
    },
    async list(appId, page) {
      if (!isUuid(appId)) return [];
      const rows: Row[] = await run(applyPage(db.knex('builds').where({ app_id: appId }), page, { id: 'id' }));
      return rows.map(toBuild);
    },
    async settle(build) {
      const { id, created_at: _c, app_id: _a, ...changes } = buildRow(db.dialect, build);
      return (await affected(db.knex('builds').where({ id, status: 'pending' }).update(changes))) > 0;
    },
    async appendLines(buildId, lines) {
      if (!lines.length) return;
      const [{ n }] = (await run(db.knex('build_lines').where({ build_id: buildId }).max({ n: 'seq' }))) as Array<{ n: unknown }>;
      const start = n === null || n === undefined ? 0 : Number(n) + 1;
      // Chunked: SQLite caps bound variables per statement.
      for (let i = 0; i < lines.length; i += 200) {
        await run(db.knex('build_lines').insert(lines.slice(i, i + 200).map((line, j) => ({ build_id: buildId, seq: start + i + j, line }))));
      }
    },
    async lines(buildId) {
      if (!isUuid(buildId)) return [];
      const rows: Array<{ line: string }> = await run(db.knex('build_lines').where({ build_id: buildId }).orderBy('seq').select('line'));
      return rows.map((r) => r.line);
    },
    async archiveSources(appId, keep) {
      const newest = db.knex('builds').where({ app_id: appId }).orderBy('id', 'desc').limit(keep).select('id');
      // A pending build still needs its source: only finished ones are archived.
      await run(db.knex('builds').where({ app_id: appId }).whereNot({ status: 'pending' }).whereNotNull('source_url').whereNotIn('id', newest).update({ source_url: null }));
    },
    async deleteByApp(appId) {
      await run(db.knex('build_lines').whereIn('build_id', db.knex('builds').where({ app_id: appId }).select('id')).delete());
      await run(db.knex('builds').where({ app_id: appId }).delete());
    },
  };
}

/** SlugRepo over one unit of work. */
export function slugRepo(db: Db): SlugRepo {
  const toSlug = (r: Row): Slug => ({
    id: r.id as string,
    app_id: r.app_id as string,
    build_id: r.build_id as string,
    image: r.image as string,
    digest: str(r.digest),
    process_types: jsonOut<Record<string, string>>(r.process_types),
    checksum: r.checksum as string,
    created_at: dateOut(r.created_at),
  });
  return {
    async insert(slug) {
      await run(db.knex('slugs').insert({ ...slug, process_types: jsonIn(slug.process_types), created_at: dateIn(db.dialect, slug.created_at) }));
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('slugs').where({ id: id.toLowerCase() }).limit(1));
      return rows[0] ? toSlug(rows[0]) : null;
    },
    async deleteByApp(appId) {
      await run(db.knex('slugs').where({ app_id: appId }).whereNotIn('id', db.knex('releases').whereNot({ app_id: appId }).select('slug_id')).delete());
    },
  };
}

/** A row as a release. */
function toRelease(r: Row): Release {
  return {
    id: r.id as string,
    app_id: r.app_id as string,
    version: Number(r.version),
    slug_id: r.slug_id as string,
    description: r.description as string,
    status: r.status as Release['status'],
    user_id: r.user_id as string,
    user_email: r.user_email as string,
    released_at: maybeDateOut(r.released_at),
    created_at: dateOut(r.created_at),
  };
}

/** ReleaseRepo over one unit of work. */
export function releaseRepo(db: Db): ReleaseRepo {
  return {
    async insert(release) {
      try {
        await run(
          db.knex('releases').insert({ ...release, released_at: maybeDateIn(db.dialect, release.released_at), created_at: dateIn(db.dialect, release.created_at) }),
        );
      } catch (err) {
        // Two releases raced for the same version: the unit of work re-runs and numbers this one after the other.
        if (err instanceof ConflictError) throw new ConcurrencyError('a concurrent release took this version');
        throw err;
      }
    },
    async get(appId, id) {
      if (!isUuid(appId) || !isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('releases').where({ app_id: appId, id: id.toLowerCase() }).limit(1));
      return rows[0] ? toRelease(rows[0]) : null;
    },
    async current(appId) {
      if (!isUuid(appId)) return null;
      const rows: Row[] = await currentRelease(db, [appId]);
      return rows[0] ? toRelease(rows[0]) : null;
    },
    async list(appId, page) {
      if (!isUuid(appId)) return [];
      // Ids are UUIDv7: id order is version order.
      const rows: Row[] = await run(applyPage(db.knex('releases').where({ app_id: appId }), page, { id: 'id' }));
      return rows.map(toRelease);
    },
    async markReleased(id, at) {
      return (await affected(db.knex('releases').where({ id }).whereNull('released_at').update({ released_at: dateIn(db.dialect, at) }))) > 0;
    },
    async deleteByApp(appId) {
      await run(db.knex('releases').where({ app_id: appId }).delete());
    },
  };
}

/** A row as a formation. */
function toFormation(r: Row): Formation {
  return {
    id: r.id as string,
    app_id: r.app_id as string,
    type: r.type as string,
    quantity: Number(r.quantity),
    size: r.size as string,
    command: str(r.command),
    port: r.port === null || r.port === undefined ? null : Number(r.port),
    healthcheck: str(r.healthcheck),
    ...stampsOut(r),
  };
}

/** FormationRepo over one unit of work. */
export function formationRepo(db: Db): FormationRepo {
  const row = (f: Formation): Row => ({ ...f, created_at: dateIn(db.dialect, f.created_at), updated_at: dateIn(db.dialect, f.updated_at) });
  return {
    async insert(formation) {
      try {
        await run(db.knex('formations').insert(row(formation)));
      } catch (err) {
        if (err instanceof ConflictError) throw new ConflictError(`The app already has a ${formation.type} formation.`, 'type');
        throw err;
      }
    },
    async get(appId, type) {
      const rows: Row[] = await run(db.knex('formations').where({ app_id: appId, type }).limit(1));
      return rows[0] ? toFormation(rows[0]) : null;
    },
    async list(appId) {
      const rows: Row[] = await run(db.knex('formations').where({ app_id: appId }).orderBy('type'));
      return rows.map(toFormation);
    },
    async update(formation) {
      const { id, created_at: _c, app_id: _a, type: _t, ...changes } = row(formation);
      await run(db.knex('formations').where({ id }).update(changes));
    },
    async delete(id) {
      return (await affected(db.knex('formations').where({ id }).delete())) > 0;
    },
    async deleteByApp(appId) {
      await run(db.knex('formations').where({ app_id: appId }).delete());
    },
  };
}

import { isUuid, type ApiTokenCeiling, type ApiTokenRepo, type Membership, type MembershipRepo, type Role, type StoredApiToken, type User, type UserRepo } from '@slipway/core';
import { dateIn, dateOut, jsonIn, jsonOut, maybeDateIn, maybeDateOut, stampsOut } from '../../codec.js';
import { run, type Db } from '../../db.js';
import type { Row } from '../../rows.js';

/** A row as a user. */
function toUser(r: Row): User {
  return {
    id: r.id as string,
    username: r.username as string,
    email: r.email as string,
    roles: jsonOut<string[]>(r.roles),
    ...stampsOut(r),
  };
}

/** UserRepo over one unit of work. */
export function userRepo(db: Db): UserRepo {
  return {
    async upsert(u) {
      const row = { ...u, roles: jsonIn(u.roles), created_at: dateIn(db.dialect, u.created_at), updated_at: dateIn(db.dialect, u.updated_at) };
      await run(db.knex('users').insert(row).onConflict('id').merge(['username', 'email', 'roles', 'updated_at']));
    },
    async find(ref) {
      const rows: Row[] = await run(
        db
          .knex('users')
          .where({ id: ref })
          .orWhere({ email: ref.toLowerCase() })
          .orWhere({ username: ref })
          // An exact id wins over an email or username that happens to equal it.
          .orderByRaw('case when id = ? then 0 else 1 end, created_at', [ref])
          .limit(1),
      );
      return rows[0] ? toUser(rows[0]) : null;
    },
    async byIds(ids) {
      if (!ids.length) return [];
      const rows: Row[] = await run(db.knex('users').whereIn('id', [...new Set(ids)]));
      return rows.map(toUser);
    },
  };
}

/** A row as a membership. */
function toMembership(r: Row): Membership {
  return {
    id: r.id as string,
    user: r.user_id as string,
    role: r.role as Role,
    scope: r.scope as Membership['scope'],
    scope_id: r.scope_id as string,
    ...stampsOut(r),
  };
}

/** MembershipRepo over one unit of work. */
export function membershipRepo(db: Db): MembershipRepo {
  return {
    async put(m) {
      const row = { id: m.id, user_id: m.user, role: m.role, scope: m.scope, scope_id: m.scope_id, created_at: dateIn(db.dialect, m.created_at), updated_at: dateIn(db.dialect, m.updated_at) };
      await run(db.knex('memberships').insert(row).onConflict(['user_id', 'scope', 'scope_id']).merge(['role', 'updated_at']));
    },
    async get(user, scope, scopeId) {
      if (!isUuid(scopeId)) return null;
      const rows: Row[] = await run(db.knex('memberships').where({ user_id: user, scope, scope_id: scopeId.toLowerCase() }).limit(1));
      return rows[0] ? toMembership(rows[0]) : null;
    },
    async atScope(scope, scopeId) {
      if (!isUuid(scopeId)) return [];
      const rows: Row[] = await run(db.knex('memberships').where({ scope, scope_id: scopeId.toLowerCase() }).orderBy('id'));
      return rows.map(toMembership);
    },
    async ofUser(user) {
      const rows: Row[] = await run(db.knex('memberships').where({ user_id: user }).orderBy('id'));
      return rows.map(toMembership);
    },
    async delete(id) {
      if (isUuid(id)) await run(db.knex('memberships').where({ id: id.toLowerCase() }).delete());
    },
    async deleteAtScope(scope, scopeId) {
      if (isUuid(scopeId)) await run(db.knex('memberships').where({ scope, scope_id: scopeId.toLowerCase() }).delete());
    },
  };
}

/** A row as a stored token. */
function toToken(r: Row): StoredApiToken {
  const ceiling = r.ceiling === null || r.ceiling === undefined ? undefined : jsonOut<ApiTokenCeiling>(r.ceiling);
  return {
    id: r.id as string,
    user: r.user_id as string,
    hash: r.hash as string,
    hint: r.hint as string,
    description: r.description as string,
    ...(ceiling ? { ceiling } : {}),
    expires_at: maybeDateOut(r.expires_at),
    revoked_at: maybeDateOut(r.revoked_at),
    created_at: dateOut(r.created_at),
  };
}

/** ApiTokenRepo over one unit of work. */
export function apiTokenRepo(db: Db): ApiTokenRepo {
  return {
    async insert(t) {
      await run(
        db.knex('api_tokens').insert({
          id: t.id,
          user_id: t.user,
          hash: t.hash,
          hint: t.hint,
          description: t.description,
          ceiling: t.ceiling ? jsonIn(t.ceiling) : null,
          expires_at: maybeDateIn(db.dialect, t.expires_at),
          revoked_at: maybeDateIn(db.dialect, t.revoked_at),
          created_at: dateIn(db.dialect, t.created_at),
        }),
      );
    },
    async findByHash(hash) {
      const rows: Row[] = await run(db.knex('api_tokens').where({ hash }).limit(1));
      return rows[0] ? toToken(rows[0]) : null;
    },
    async get(user, id) {
      if (!isUuid(id)) return null;
      const rows: Row[] = await run(db.knex('api_tokens').where({ user_id: user, id: id.toLowerCase() }).limit(1));
      return rows[0] ? toToken(rows[0]) : null;
    },
    async ofUser(user) {
      const rows: Row[] = await run(db.knex('api_tokens').where({ user_id: user }).whereNull('revoked_at').orderBy('id'));
      return rows.map(toToken);
    },
    async revoke(id, at) {
      await run(db.knex('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: dateIn(db.dialect, at) }));
    },
  };
}

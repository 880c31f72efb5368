import { beforeEach, describe, expect, it } from 'vitest';
import { mintApiToken, newId, type Membership, type Store, type StoredApiToken, type User } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, T0 } from './fixtures.js';

/** A user as first sight records it; ids need not be UUIDs (an OIDC `sub`). */
function user(id: string, username: string, roles: string[] = []): User {
  return { id, username, email: `${username}@example.test`, roles, created_at: T0, updated_at: T0 };
}

/** A stored token of a user. */
function token(userId: string, over: Partial<StoredApiToken> = {}): StoredApiToken {
  const m = mintApiToken();
  return { id: newId(), user: userId, hash: m.hash, hint: m.hint, description: 'ci', expires_at: at(100), revoked_at: null, created_at: T0, ...over };
}

/** The identity module's repositories: users, memberships and issued API tokens. */
export function identityStoreSuite(ctx: StoreSuiteContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const { tx, seedApp } = ctx;

  it('upserts users and finds them by id, email or username', async () => {
    await tx((t) => t.users.upsert(user('auth0|abc', 'ana', ['admin'])));
    await tx((t) => t.users.upsert({ ...user('auth0|abc', 'ana2'), updated_at: at(5) }));
    await tx((t) => t.users.upsert(user('u-2', 'bo')));
    const ana = { ...user('auth0|abc', 'ana2'), updated_at: at(5) };
    expect(await store.read((t) => t.users.find('auth0|abc'))).toEqual(ana);
    expect(await store.read((t) => t.users.find('ANA2@example.test'))).toEqual(ana);
    expect(await store.read((t) => t.users.find('bo'))).toMatchObject({ id: 'u-2' });
    expect(await store.read((t) => t.users.find('nobody'))).toBeNull();
    expect((await store.read((t) => t.users.byIds(['u-2', 'auth0|abc', 'zzz']))).map((u) => u.id).sort()).toEqual(['auth0|abc', 'u-2']);
    expect(await store.read((t) => t.users.byIds([]))).toEqual([]);
  });

  it('keeps one membership per user and scope, replacing its role, and lists and removes them', async () => {
    const { o, a } = await seedApp('web');
    const m = (u: string, role: Membership['role'], scope: Membership['scope'], scope_id: string, n: number): Membership => ({ id: newId(), user: u, role, scope, scope_id, created_at: at(n), updated_at: at(n) });
    const first = m('u1', 'viewer', 'app', a.id, 1);
    await tx(async (t) => {
      await t.memberships.put(first);
      await t.memberships.put(m('u2', 'admin', 'app', a.id, 2));
      await t.memberships.put(m('u1', 'owner', 'org', o.id, 3));
    });
    await tx((t) => t.memberships.put({ ...first, role: 'deployer', updated_at: at(4) }));
    expect(await store.read((t) => t.memberships.get('u1', 'app', a.id))).toEqual({ ...first, role: 'deployer', updated_at: at(4) });
    expect(await store.read((t) => t.memberships.get('u1', 'space', a.id))).toBeNull();
    expect((await store.read((t) => t.memberships.atScope('app', a.id))).map((x) => `${x.user}:${x.role}`)).toEqual(['u1:deployer', 'u2:admin']);
    expect((await store.read((t) => t.memberships.ofUser('u1'))).map((x) => `${x.scope}:${x.role}`).sort()).toEqual(['app:deployer', 'org:owner']);
    await tx((t) => t.memberships.delete(first.id));
    expect(await store.read((t) => t.memberships.get('u1', 'app', a.id))).toBeNull();
    await tx((t) => t.memberships.deleteAtScope('app', a.id));
    expect(await store.read((t) => t.memberships.atScope('app', a.id))).toEqual([]);
    expect(await store.read((t) => t.memberships.ofUser('u1'))).toHaveLength(1);
  });

  it('finds tokens by hash (revoked ones too), lists a user\'s unrevoked tokens and revokes once', async () => {
    const scoped = token('u1', { ceiling: { role: 'deployer', scope: 'app', scope_id: newId() } });
    const plain = token('u1', { expires_at: null });
    const other = token('u2');
    await tx(async (t) => {
      for (const x of [scoped, plain, other]) await t.apiTokens.insert(x);
    });
    expect(await store.read((t) => t.apiTokens.findByHash(scoped.hash))).toEqual(scoped);
    expect(await store.read((t) => t.apiTokens.findByHash(plain.hash))).toEqual(plain);
    expect(await store.read((t) => t.apiTokens.findByHash('0'.repeat(64)))).toBeNull();
    expect(await store.read((t) => t.apiTokens.get('u2', scoped.id))).toBeNull();
    expect((await store.read((t) => t.apiTokens.ofUser('u1'))).map((x) => x.id)).toEqual([scoped.id, plain.id].sort());
    await tx((t) => t.apiTokens.revoke(scoped.id, at(7)));
    await tx((t) => t.apiTokens.revoke(scoped.id, at(9)));
    expect(await store.read((t) => t.apiTokens.findByHash(scoped.hash))).toEqual({ ...scoped, revoked_at: at(7) });
    expect((await store.read((t) => t.apiTokens.ofUser('u1'))).map((x) => x.id)).toEqual([plain.id]);
  });
}

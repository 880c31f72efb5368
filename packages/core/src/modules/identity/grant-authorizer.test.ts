import { describe, expect, it } from 'vitest';
import { GrantAuthorizer } from './grant-authorizer.js';
import { decideWithin, platformGrants, type AccessTarget, type Grant } from './grants.js';
import type { GrantSource } from './grant-source.js';
import type { AuthSubject } from './authorizer.js';
import type { Permission } from '../../kernel/permissions.js';

const target: AccessTarget = { org: 'org-1', space: 'space-1', app: 'app-1', compliance: [] };

/** Memberships kept in a list, counting how often they are read. */
function listSource(grants: Grant[]): GrantSource & { reads: number } {
  const source = {
    reads: 0,
    async grantsOf(userId: string) {
      source.reads++;
      return grants.filter((g) => g.user === userId);
    },
  };
  return source;
}

/** What the authorizer decided before it learned to stop early: every grant loaded, then one decision. */
const fullDecision = (subject: AuthSubject, memberships: Grant[], permission: Permission) =>
  decideWithin([...platformGrants(subject), ...memberships.filter((g) => g.user === subject.id)], subject.token?.ceiling, permission, target);

describe('GrantAuthorizer', () => {
  const memberships: Grant[] = [{ user: 'u1', role: 'member', scope: 'app', scope_id: 'app-1' }];

  it('decides from platform roles alone when they allow, with the same decision and grant as loading everything', async () => {
    const source = listSource(memberships);
    const owner: AuthSubject = { id: 'u1', roles: ['owner'] };
    const decision = await new GrantAuthorizer(source).authorize(owner, 'app:write', target);
    expect(decision).toEqual(fullDecision(owner, memberships, 'app:write'));
    expect(decision).toMatchObject({ allowed: true, grant: { scope: 'platform', role: 'owner' } });
    expect(source.reads).toBe(0);
  });

  it('reads the memberships when platform roles do not allow', async () => {
    const source = listSource(memberships);
    const viewer: AuthSubject = { id: 'u1', roles: ['viewer'] };
    const decision = await new GrantAuthorizer(source).authorize(viewer, 'app:write', target);
    expect(decision).toEqual(fullDecision(viewer, memberships, 'app:write'));
    expect(decision).toMatchObject({ allowed: true, grant: { scope: 'app', role: 'member' } });
    expect(source.reads).toBe(1);
  });

  it('still refuses what a token ceiling forbids, as the full decision does', async () => {
    const source = listSource(memberships);
    const scoped: AuthSubject = { id: 'u1', roles: ['owner'], token: { id: 't1', ceiling: { role: 'viewer', scope: 'app', scope_id: 'app-1' } } };
    const decision = await new GrantAuthorizer(source).authorize(scoped, 'app:write', target);
    expect(decision).toEqual(fullDecision(scoped, memberships, 'app:write'));
    expect(decision.allowed).toBe(false);
  });

  it('refuses a principal with neither roles nor memberships', async () => {
    const source = listSource(memberships);
    const stranger: AuthSubject = { id: 'u2', roles: [] };
    await expect(new GrantAuthorizer(source).authorize(stranger, 'app:read', target)).resolves.toMatchObject({ allowed: false, missing: 'app:read' });
    expect(source.reads).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { decide, decideWithin, mayAssignRole, type AccessTarget, type Grant } from './grants.js';
import { ALL_PERMISSIONS, isPermission, type Permission } from '../../kernel/permissions.js';
import { ROLES, ROLE_PERMISSIONS, roleCovers, type Role } from './roles.js';

const ORG = 'org-1';
const DEV = 'space-dev';
const PROD = 'space-prod';
const app = (id: string, space: string, compliance: string[] = []): AccessTarget => ({ org: ORG, space, app: id, compliance });
const devApp = app('app-dev', DEV);
const prodApp = app('app-prod', PROD, ['socs']);
const prodSpaceOnly = app('app-p2', 'space-p2', ['prod']);
const otherOrgApp: AccessTarget = { org: 'org-2', space: 'space-x', app: 'app-x', compliance: [] };
const grant = (role: Role, scope: Grant['scope'], scope_id: string): Grant => ({ user: 'u1', role, scope, scope_id });

describe('role table', () => {
  it('names only known permissions and keeps roles nested where they should be', () => {
    for (const r of ROLES) for (const p of ROLE_PERMISSIONS[r]) expect(isPermission(p)).toBe(true);
    expect(roleCovers('owner', 'admin')).toBe(true);
    expect(roleCovers('admin', 'member')).toBe(true);
    expect(roleCovers('member', 'viewer')).toBe(true);
    expect(roleCovers('member', 'deployer')).toBe(true);
    expect(roleCovers('admin', 'owner')).toBe(false);
    expect(roleCovers('deployer', 'viewer')).toBe(false);
    expect(roleCovers('viewer', 'deployer')).toBe(false);
    expect([...ROLE_PERMISSIONS.owner].sort()).toEqual([...ALL_PERMISSIONS].sort());
  });

  it('gives deployers builds, releases, promotions and restarts and nothing that changes anything else', () => {
    const changes = ALL_PERMISSIONS.filter((p) => !p.endsWith(':read') && ROLE_PERMISSIONS.deployer.has(p));
    expect(changes.sort()).toEqual(['app:deploy', 'build:create']);
  });
});

// [role, scope, permission, target, expected outcome]
type Row = [Role, Grant['scope'], string, Permission, AccessTarget, true | 'no_grant' | 'elevation_required'];
const table: Row[] = [
  // scope coverage: org covers its spaces and apps, space covers its apps, app covers only itself
  ['viewer', 'org', ORG, 'app:read', devApp, true],
  ['viewer', 'org', ORG, 'space:read', { org: ORG, space: DEV }, true],
  ['viewer', 'org', ORG, 'app:read', otherOrgApp, 'no_grant'],
  ['member', 'space', DEV, 'app:write', devApp, true],
  ['member', 'space', DEV, 'app:write', prodApp, 'no_grant'],
  ['member', 'space', DEV, 'org:read', { org: ORG }, 'no_grant'],
  ['member', 'app', 'app-dev', 'config:write', devApp, true],
  ['member', 'app', 'app-dev', 'space:read', { org: ORG, space: DEV }, 'no_grant'],
  ['owner', 'app', 'app-dev', 'app:read', prodApp, 'no_grant'],
  ['admin', 'platform', '', 'app:write', otherOrgApp, true],
  ['admin', 'platform', '', 'plugin:manage', {}, true],
  ['owner', 'org', ORG, 'plugin:manage', {}, 'no_grant'],
  // role contents
  ['viewer', 'org', ORG, 'config:read', devApp, 'no_grant'],
  ['viewer', 'org', ORG, 'app:deploy', devApp, 'no_grant'],
  ['deployer', 'app', 'app-dev', 'build:create', devApp, true],
  ['deployer', 'app', 'app-dev', 'app:deploy', devApp, true],
  ['deployer', 'app', 'app-dev', 'app:write', devApp, 'no_grant'],
  ['deployer', 'app', 'app-dev', 'config:read', devApp, 'no_grant'],
  ['member', 'org', ORG, 'space:write', { org: ORG, space: DEV }, 'no_grant'],
  ['member', 'org', ORG, 'member:manage', { org: ORG }, 'no_grant'],
  ['admin', 'org', ORG, 'member:manage', { org: ORG }, true],
  ['admin', 'org', ORG, 'org:admin', { org: ORG }, 'no_grant'],
  ['owner', 'org', ORG, 'org:admin', { org: ORG }, true],
  // compliance spaces: builds and unredacted config need admin or owner
  ['member', 'space', PROD, 'build:create', prodApp, 'elevation_required'],
  ['deployer', 'app', 'app-prod', 'build:create', prodApp, 'elevation_required'],
  ['deployer', 'org', ORG, 'build:create', prodSpaceOnly, 'elevation_required'],
  ['deployer', 'app', 'app-prod', 'app:deploy', prodApp, true],
  ['member', 'space', PROD, 'config:read', prodApp, true],
  ['member', 'space', PROD, 'config:read-secret', prodApp, 'no_grant'],
  ['admin', 'space', PROD, 'build:create', prodApp, true],
  ['admin', 'app', 'app-prod', 'config:read-secret', prodApp, true],
  ['owner', 'org', ORG, 'build:create', prodSpaceOnly, true],
  ['member', 'space', 'space-c', 'build:create', app('app-c', 'space-c', ['canary', 'dev']), true],
];

describe('decide', () => {
  it.each(table)('%s at %s %s asking %s', (role, scope, id, permission, target, expected) => {
    const d = decide([grant(role, scope, id)], permission, target);
    if (expected === true) expect(d).toEqual({ allowed: true, grant: grant(role, scope, id) });
    else expect(d).toEqual({ allowed: false, missing: permission, reason: expected });
  });

  it('refuses with no grants and picks any grant that allows', () => {
    expect(decide([], 'app:read', devApp)).toEqual({ allowed: false, missing: 'app:read', reason: 'no_grant' });
    const grants = [grant('deployer', 'app', 'app-prod'), grant('admin', 'space', PROD)];
    expect(decide(grants, 'build:create', prodApp)).toMatchObject({ allowed: true, grant: { role: 'admin' } });
  });

  it('does not let a target without ids match a scoped grant', () => {
    expect(decide([grant('owner', 'org', ORG)], 'app:read', {})).toMatchObject({ allowed: false });
  });
});

describe('decideWithin (token ceilings)', () => {
  const userGrants = [grant('owner', 'org', ORG)];
  it('limits a token to its role and scope', () => {
    const ceiling = { role: 'deployer' as const, scope: 'app' as const, scope_id: 'app-dev' };
    expect(decideWithin(userGrants, ceiling, 'app:deploy', devApp)).toMatchObject({ allowed: true, grant: { role: 'owner' } });
    expect(decideWithin(userGrants, ceiling, 'config:write', devApp)).toEqual({ allowed: false, missing: 'config:write', reason: 'no_grant' });
    expect(decideWithin(userGrants, ceiling, 'app:deploy', prodApp)).toMatchObject({ allowed: false });
  });
  it('never gives a token more than its user', () => {
    const ceiling = { role: 'owner' as const, scope: 'platform' as const, scope_id: '' };
    expect(decideWithin([grant('viewer', 'app', 'app-dev')], ceiling, 'app:write', devApp)).toMatchObject({ allowed: false });
    expect(decideWithin(userGrants, undefined, 'org:admin', { org: ORG })).toMatchObject({ allowed: true });
  });
});

describe('mayAssignRole', () => {
  it('lets admins hand out roles up to admin, and only owners make owners', () => {
    const admin = [grant('admin', 'org', ORG)];
    expect(mayAssignRole(admin, 'admin', { org: ORG, space: DEV })).toMatchObject({ allowed: true });
    expect(mayAssignRole(admin, 'deployer', devApp)).toMatchObject({ allowed: true });
    expect(mayAssignRole(admin, 'owner', { org: ORG })).toMatchObject({ allowed: false, missing: 'member:manage' });
    expect(mayAssignRole([grant('owner', 'org', ORG)], 'owner', { org: ORG })).toMatchObject({ allowed: true });
    expect(mayAssignRole([grant('member', 'org', ORG)], 'viewer', devApp)).toMatchObject({ allowed: false });
    expect(mayAssignRole(admin, 'viewer', otherOrgApp)).toMatchObject({ allowed: false });
  });
});

import type { Permission } from '../../kernel/permissions.js';

/** The roles a grant can give, weakest first (deployer and viewer are side by side: neither includes the other). */
export const ROLES = ['viewer', 'deployer', 'member', 'admin', 'owner'] as const;

/** One role name. */
export type Role = (typeof ROLES)[number];

const VIEWER: readonly Permission[] = ['org:read', 'space:read', 'app:read', 'audit:read', 'pipeline:read', 'site:read'];
// CI needs to see the app it ships and the pipeline it promotes along, and nothing it could change besides.
const DEPLOYER: readonly Permission[] = ['app:read', 'pipeline:read', 'build:create', 'app:deploy'];
const MEMBER: readonly Permission[] = [...VIEWER, 'app:write', 'app:deploy', 'build:create', 'config:read', 'config:write', 'pipeline:write', 'site:write'];
const ADMIN: readonly Permission[] = [...MEMBER, 'space:write', 'config:read-secret', 'member:manage', 'token:manage', 'billing:read', 'cert:manage', 'plugin:manage'];
const OWNER: readonly Permission[] = [...ADMIN, 'org:admin'];

/** What each role may do, wherever its grant applies. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  deployer: new Set(DEPLOYER),
  member: new Set(MEMBER),
  admin: new Set(ADMIN),
  owner: new Set(OWNER),
};

/** Roles that may build in, and read unredacted config of, compliance spaces. */
export const ELEVATED_ROLES: ReadonlySet<Role> = new Set<Role>(['admin', 'owner']);

/** True when `name` is a known role. */
export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

/** Whether `role` includes `permission`. */
export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** Whether `role` includes every permission of `other` (a granter may hand out only roles it covers). */
export function roleCovers(role: Role, other: Role): boolean {
  for (const p of ROLE_PERMISSIONS[other]) if (!ROLE_PERMISSIONS[role].has(p)) return false;
  return true;
}

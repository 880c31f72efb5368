import type { Permission } from '../../kernel/permissions.js';
import { ELEVATED_ROLES, isRole, roleCovers, roleHas, type Role } from './roles.js';

/**
 * Where a grant applies. `org` covers the org, its spaces and their apps; `space` covers the space and its
 * apps; `app` covers that app only. `platform` covers everything: it comes from the principal's own roles
 * (a static token's or an identity provider's roles claim), never from a membership row.
 */
export type ScopeKind = 'platform' | 'org' | 'space' | 'app';

/** One role held by one user at one scope (a membership row). */
export interface Grant {
  /** User (principal) id. */
  user: string;
  role: Role;
  scope: ScopeKind;
  /** Id of the org, space or app; ignored for `platform`. */
  scope_id: string;
}

/** What an operation acts on: every id the resource has (an app's target also names its space and org). */
export interface AccessTarget {
  org?: string;
  space?: string;
  app?: string;
  /** Compliance entries of the space (`socs`, `prod`, ...), which make some permissions need an elevated role. */
  compliance?: readonly string[];
  /**
   * Set for operations that name no resource (listing every app, space or org): holding the permission at any
   * scope suffices, because such lists are not filtered by membership.
   */
  anywhere?: boolean;
}

/** The outcome of a permission check; `grant` is the one that allowed it, for audits. */
export type Decision =
  | { allowed: true; grant: Grant }
  | { allowed: false; missing: Permission; reason: 'no_grant' | 'elevation_required' };

/** Compliance entries under which builds and unredacted config reads need an elevated role. */
export const ELEVATED_COMPLIANCE: ReadonlySet<string> = new Set(['socs', 'prod']);

/** Permissions that need an elevated role (admin or owner) in a space with an ELEVATED_COMPLIANCE entry. */
export const COMPLIANCE_ELEVATED_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(['build:create', 'config:read-secret']);

/** Whether a space with these compliance entries is a compliance space (config redacted, builds elevated). */
export function isComplianceSpace(compliance: readonly string[] | undefined): boolean {
  return (compliance ?? []).some((c) => ELEVATED_COMPLIANCE.has(c));
}

/** Whether `grant` applies to `target` (by scope, ignoring its role). */
export function grantCovers(grant: Pick<Grant, 'scope' | 'scope_id'>, target: AccessTarget): boolean {
  if (target.anywhere) return true;
  switch (grant.scope) {
    case 'platform':
      return true;
    case 'org':
      return target.org !== undefined && target.org === grant.scope_id;
    case 'space':
      return target.space !== undefined && target.space === grant.scope_id;
    case 'app':
      return target.app !== undefined && target.app === grant.scope_id;
  }
}

/**
 * Whether any of one principal's `grants` allows `permission` on `target`. Pure: the caller loads the grants
 * and resolves the target's ids. In a compliance space, `build:create` and `config:read-secret` count only
 * from an admin or owner grant, so CI deploys there by promotion, not by building in place.
 */
export function decide(grants: readonly Grant[], permission: Permission, target: AccessTarget): Decision {
  const elevated = COMPLIANCE_ELEVATED_PERMISSIONS.has(permission) && isComplianceSpace(target.compliance);
  let blockedByCompliance = false;
  for (const g of grants) {
    if (!grantCovers(g, target) || !roleHas(g.role, permission)) continue;
    if (elevated && !ELEVATED_ROLES.has(g.role)) {
      blockedByCompliance = true;
      continue;
    }
    return { allowed: true, grant: g };
  }
  return { allowed: false, missing: permission, reason: blockedByCompliance ? 'elevation_required' : 'no_grant' };
}

/**
 * Like `decide`, but also within a ceiling (a scoped API token's role and scope): both the user's grants and
 * the ceiling must allow it, so a token never does more than its user, nor more than it was minted for.
 */
export function decideWithin(grants: readonly Grant[], ceiling: Omit<Grant, 'user'> | undefined, permission: Permission, target: AccessTarget): Decision {
  const byUser = decide(grants, permission, target);
  if (!byUser.allowed || !ceiling) return byUser;
  const byCeiling = decide([{ ...ceiling, user: byUser.grant.user }], permission, target);
  return byCeiling.allowed ? byUser : byCeiling;
}

/**
 * Whether a principal may give `role` on `target`: it needs `member:manage` there and a covering grant whose
 * role includes every permission of `role` (an admin cannot make an owner).
 */
export function mayAssignRole(grants: readonly Grant[], role: Role, target: AccessTarget): Decision {
  const manage = decide(grants, 'member:manage', target);
  if (!manage.allowed) return manage;
  const g = grants.find((x) => grantCovers(x, target) && roleHas(x.role, 'member:manage') && roleCovers(x.role, role));
  return g ? { allowed: true, grant: g } : { allowed: false, missing: 'member:manage', reason: 'no_grant' };
}

/** Platform-scope grants from a principal's own role names (unknown names are ignored). */
export function platformGrants(principal: { id: string; roles: readonly string[] }): Grant[] {
  return principal.roles.filter(isRole).map((role) => ({ user: principal.id, role, scope: 'platform' as const, scope_id: '' }));
}

import { ForbiddenError, NotFoundError, PermissionDeniedError } from '../../../errors.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { newId } from '../../../kernel/ids.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import { requireApp, requireOrganization, requireSpace } from '../../foundation/services/resolve.js';
import { appAccessTarget } from '../access-target.js';
import { apiTokenExpiry, mintApiToken, type ApiTokenCeiling } from '../api-tokens.js';
import { mayAssignRole, platformGrants, type AccessTarget, type Grant } from '../grants.js';
import type { TokenPrincipal } from '../issued-token-authenticator.js';
import { roleCovers, type Role } from '../roles.js';
import type { Membership, StoredApiToken, TokenScopeRequest, User } from '../domain/records.js';

/** Where memberships are kept: an org, a space or an app, by path value (id or name). */
export type MembershipScope = { kind: Membership['scope']; ref: string };

/** Tokens a user mints for themselves, the caller's account, and who holds which role where. */
export class IdentityService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The caller's user row (recorded on first sight). */
  account(principal: Principal): Promise<User> {
    return this.uow.read(async (tx) => {
      const u = (await tx.users.byIds([principal.id]))[0];
      if (!u) throw new NotFoundError('No account is recorded for this principal.', 'account');
      return u;
    });
  }

  /**
   * Mints a token acting as the caller, limited to `scope` when given. A token that itself has a ceiling
   * mints only within it, so a scoped token cannot widen itself by minting another.
   */
  createToken(principal: Principal, input: { description: string; expires_in_days: number; scope?: TokenScopeRequest | undefined }): Promise<{ record: StoredApiToken; token: string }> {
    return this.uow.run(principal, async (tx) => {
      const ceiling = input.scope ? await resolveCeiling(tx, input.scope) : undefined;
      const own = (principal as TokenPrincipal).token?.ceiling;
      if (own) {
        const within = ceiling && roleCovers(own.role, ceiling.role) && own.scope === ceiling.scope && own.scope_id === ceiling.scope_id;
        if (ceiling && !within) throw new ForbiddenError('A scoped token can mint tokens only within its own scope and role.', 'scope');
      }
      const now = this.now();
      const minted = mintApiToken();
      const effective = ceiling ?? own;
      const record: StoredApiToken = {
        id: newId(),
        user: principal.id,
        hash: minted.hash,
        hint: minted.hint,
        description: input.description,
        ...(effective ? { ceiling: effective } : {}),
        expires_at: apiTokenExpiry(now, input.expires_in_days),
        revoked_at: null,
        created_at: now,
      };
      await tx.apiTokens.insert(record);
      return { record, token: minted.token };
    });
  }

  /** The caller's tokens that are not revoked (expired ones included, so they can be cleaned up). */
  listTokens(principal: Principal): Promise<StoredApiToken[]> {
    return this.uow.read((tx) => tx.apiTokens.ofUser(principal.id));
  }

  /** Revokes one of the caller's tokens; it is refused from the next request on, on every replica. */
  revokeToken(principal: Principal, id: string): Promise<StoredApiToken> {
    return this.uow.run(principal, async (tx) => {
      const t = await tx.apiTokens.get(principal.id, id);
      if (!t || t.revoked_at) throw new NotFoundError(`The token ${id} was not found.`, 'id');
      const at = this.now();
      await tx.apiTokens.revoke(t.id, at);
      return { ...t, revoked_at: at };
    });
  }

  /** Every membership at one org, space or app, with its users. */
  members(scope: MembershipScope): Promise<Array<{ membership: Membership; user: User | undefined }>> {
    return this.uow.read(async (tx) => {
      const { id } = await scopeTarget(tx, scope);
      const rows = await tx.memberships.atScope(scope.kind, id);
      const users = new Map((await tx.users.byIds(rows.map((r) => r.user))).map((u) => [u.id, u]));
      return rows.map((membership) => ({ membership, user: users.get(membership.user) }));
    });
  }

  /** Gives `role` to a user at the scope (replacing the role it held there), within the caller's own role. */
  addMember(principal: Principal, scope: MembershipScope, input: { user: string; role: Role }): Promise<{ membership: Membership; user: User }> {
    return this.uow.run(principal, async (tx) => {
      const { id, target } = await scopeTarget(tx, scope);
      const user = await requireUser(tx, input.user);
      const existing = await tx.memberships.get(user.id, scope.kind, id);
      const grants = await grantsOfActor(tx, principal);
      assertMayAssign(principal, grants, input.role, target);
      if (existing) assertMayAssign(principal, grants, existing.role, target);
      const now = this.now();
      const membership: Membership = existing
        ? { ...existing, role: input.role, updated_at: now }
        : { id: newId(), user: user.id, role: input.role, scope: scope.kind, scope_id: id, created_at: now, updated_at: now };
      await tx.memberships.put(membership);
      return { membership, user };
    });
  }

  /** Removes a user's role at the scope; only a caller who could have given that role may take it. */
  removeMember(principal: Principal, scope: MembershipScope, userRef: string): Promise<{ membership: Membership; user: User }> {
    return this.uow.run(principal, async (tx) => {
      const { id, target } = await scopeTarget(tx, scope);
      const user = await requireUser(tx, userRef);
      const existing = await tx.memberships.get(user.id, scope.kind, id);
      if (!existing) throw new NotFoundError(`${userRef} holds no role here.`, 'user');
      assertMayAssign(principal, await grantsOfActor(tx, principal), existing.role, target);
      await tx.memberships.delete(existing.id);
      return { membership: existing, user };
    });
  }
}

/** The caller's platform and membership grants. */
async function grantsOfActor(tx: StoreTx, principal: Principal): Promise<Grant[]> {
  const rows = await tx.memberships.ofUser(principal.id);
  return [...platformGrants(principal), ...rows.map(({ user, role, scope, scope_id }) => ({ user, role, scope, scope_id }))];
}

/** Throws unless the caller (and the ceiling of its token) may hand out `role` at `target`. */
function assertMayAssign(principal: Principal, grants: Grant[], role: Role, target: AccessTarget): void {
  const d = mayAssignRole(grants, role, target);
  const ceiling = (principal as TokenPrincipal).token?.ceiling;
  if (!d.allowed || (ceiling && !roleCovers(ceiling.role, role))) {
    throw new PermissionDeniedError('member:manage', `Giving or taking the ${role} role here needs member:manage with a role that includes ${role}.`);
  }
}

/** A user by id, email or username, or NotFoundError. */
async function requireUser(tx: StoreTx, ref: string): Promise<User> {
  const u = await tx.users.find(ref);
  if (!u) throw new NotFoundError(`The user ${ref} was not found (users are known once they have signed in).`, 'user');
  return u;
}

/** The id and access target of a membership scope. */
async function scopeTarget(tx: StoreTx, scope: MembershipScope): Promise<{ id: string; target: AccessTarget }> {
  switch (scope.kind) {
    case 'org': {
      const org = await requireOrganization(tx, scope.ref, 'org');
      return { id: org.id, target: { org: org.id } };
    }
    case 'space': {
      const space = await requireSpace(tx, scope.ref);
      return { id: space.id, target: { space: space.id, compliance: space.compliance } };
    }
    case 'app': {
      const view = await requireApp(tx, scope.ref);
      return { id: view.app.id, target: appAccessTarget(view) };
    }
  }
}

/** A token scope request with names resolved to ids: the narrowest of app, space, org; platform when none. */
async function resolveCeiling(tx: StoreTx, s: TokenScopeRequest): Promise<ApiTokenCeiling> {
  if (s.app) return { role: s.role, scope: 'app', scope_id: (await requireApp(tx, s.app, 'scope.app')).app.id };
  if (s.space) return { role: s.role, scope: 'space', scope_id: (await requireSpace(tx, s.space, 'scope.space')).id };
  if (s.org) return { role: s.role, scope: 'org', scope_id: (await requireOrganization(tx, s.org, 'scope.org')).id };
  return { role: s.role, scope: 'platform', scope_id: '' };
}

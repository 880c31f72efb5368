import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { ApiTokenLookup } from '../api-token-lookup.js';
import type { GrantSource } from '../grant-source.js';
import type { Grant } from '../grants.js';

/**
 * GrantSource over the store's memberships. Read on every check, with no cache, so a grant removed on one
 * replica no longer counts on any other from the next request on.
 */
export function storeGrantSource(uow: UnitOfWork): GrantSource {
  return {
    grantsOf: (userId) =>
      uow.read(async (tx) => (await tx.memberships.ofUser(userId)).map(({ user, role, scope, scope_id }): Grant => ({ user, role, scope, scope_id }))),
  };
}

/**
 * ApiTokenLookup over the store's issued tokens. No cache either: revocation and expiry are seen by every
 * replica on the very next request, which is what "refused at once" means with several controllers.
 */
export function storeApiTokenLookup(uow: UnitOfWork): ApiTokenLookup {
  return {
    findByHash: (hash) =>
      uow.read(async (tx) => {
        const token = await tx.apiTokens.findByHash(hash);
        if (!token) return null;
        const user = (await tx.users.byIds([token.user]))[0];
        return user ? { token, user: { id: user.id, username: user.username, email: user.email, roles: user.roles } } : null;
      }),
  };
}

import type { Authorizer, AuthSubject } from './authorizer.js';
import type { GrantSource } from './grant-source.js';
import { decideWithin, platformGrants, type AccessTarget, type Decision } from './grants.js';
import type { Permission } from '../../kernel/permissions.js';

/**
 * The Authorizer over stored grants: the principal's platform roles plus its membership grants, limited by
 * the ceiling of the API token it authenticated with.
 */
export class GrantAuthorizer implements Authorizer {
  constructor(private readonly source: GrantSource) {}

  /** Loads the principal's grants and decides. */
  async authorize(principal: AuthSubject, permission: Permission, target: AccessTarget): Promise<Decision> {
    const own = platformGrants(principal);
    // Platform grants come first in the list and `decide` returns the first grant that allows, so when one of
    // them allows, loading the memberships could not change the decision (nor the grant it names): skip the read.
    if (own.length > 0) {
      const early = decideWithin(own, principal.token?.ceiling, permission, target);
      if (early.allowed) return early;
    }
    const grants = [...own, ...(await this.source.grantsOf(principal.id))];
    return decideWithin(grants, principal.token?.ceiling, permission, target);
  }
}

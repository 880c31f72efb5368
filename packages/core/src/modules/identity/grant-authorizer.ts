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
    const grants = [...platformGrants(principal), ...(await this.source.grantsOf(principal.id))];
    return decideWithin(grants, principal.token?.ceiling, permission, target);
  }
}

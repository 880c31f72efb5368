import type { StoreModule } from '../../store-module.js';
import { Migration0010Identity } from './0010-identity.js';
import { apiTokenRepo, membershipRepo, userRepo } from './identity.js';

/** The identity module's Store part: users, memberships and issued API tokens. */
export const identityStore: StoreModule = {
  name: 'identity',
  repositories: { users: userRepo, memberships: membershipRepo, apiTokens: apiTokenRepo },
  migrations: [{ name: '0010_identity', class: Migration0010Identity }],
};

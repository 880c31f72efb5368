import type { Membership, StoredApiToken, User } from './domain/records.js';

declare module '../../kernel/store.js' {
  /** The identity module's repositories, present in every unit of work. */
  interface StoreTx {
    users: UserRepo;
    memberships: MembershipRepo;
    apiTokens: ApiTokenRepo;
  }
}

/** Users, recorded on first sight of their principal. */
export interface UserRepo {
  /** Inserts the user, or updates username and email when the id exists. */
  upsert(user: User): Promise<void>;
  /** By id, (lowercase) email or username; null when none. */
  find(idEmailOrUsername: string): Promise<User | null>;
  /** By ids, in no particular order (unknown ids are left out). */
  byIds(ids: readonly string[]): Promise<User[]>;
}

/** Membership grants. */
export interface MembershipRepo {
  /** Inserts, or replaces the role of the user's existing grant at that scope. */
  put(m: Membership): Promise<void>;
  /** The user's grant at that scope; null when none. */
  get(user: string, scope: Membership['scope'], scopeId: string): Promise<Membership | null>;
  /** Every grant at one scope, oldest first. */
  atScope(scope: Membership['scope'], scopeId: string): Promise<Membership[]>;
  /** Every grant of one user. */
  ofUser(user: string): Promise<Membership[]>;
  /** Removes one grant by id. */
  delete(id: string): Promise<void>;
  /** Removes every grant at one scope (the org, space or app was deleted). */
  deleteAtScope(scope: Membership['scope'], scopeId: string): Promise<void>;
}

/** Issued API tokens, by hash. */
export interface ApiTokenRepo {
  /** Inserts a token record. */
  insert(token: StoredApiToken): Promise<void>;
  /** By hex SHA-256, revoked and expired ones included. */
  findByHash(hash: string): Promise<StoredApiToken | null>;
  /** One token of one user; null when absent or another user's. */
  get(user: string, id: string): Promise<StoredApiToken | null>;
  /** A user's tokens that are not revoked, oldest first. */
  ofUser(user: string): Promise<StoredApiToken[]>;
  /** Sets `revoked_at` (a no-op when already revoked). */
  revoke(id: string, at: Date): Promise<void>;
}

import { z } from 'zod';
import { Instant, iso, requiredString, Uuid } from '../../../kernel/schemas.js';
import { MAX_API_TOKEN_DAYS } from '../api-tokens.js';
import { ROLES } from '../roles.js';
import type { Membership, StoredApiToken, User } from '../domain/records.js';

const RoleName = z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` });

/** POST /account/tokens body. */
export const ApiTokenCreate = z.object({
  description: z.string({ error: 'description must be a string' }).max(256).default(''),
  expires_in_days: z
    .number({ error: 'expires_in_days must be a number' })
    .int('expires_in_days must be a whole number')
    .min(1)
    .max(MAX_API_TOKEN_DAYS)
    .default(30),
  scope: z
    .object({
      role: RoleName,
      org: z.string({ error: 'scope.org must be a string' }).min(1).optional(),
      space: z.string({ error: 'scope.space must be a string' }).min(1).optional(),
      app: z.string({ error: 'scope.app must be a string' }).min(1).optional(),
    })
    .optional(),
});

/** `{ id, email, username }` of a user, as memberships and tokens show it. */
export const UserRef = z.object({ id: z.string(), email: z.string(), username: z.string() });

/** An issued token as listed; `token` is present only in the answer that minted it. */
export const ApiTokenResponse = z
  .object({
    id: Uuid,
    description: z.string(),
    hint: z.string().describe('slw_ + the last 4 characters'),
    token: z.string().optional().describe('the secret, shown once'),
    scope: z.object({ role: z.string(), kind: z.string(), id: z.string() }).nullable(),
    expires_at: Instant.nullable(),
    revoked_at: Instant.nullable(),
    created_at: Instant,
    user: z.object({ id: z.string() }),
  })
  .meta({ id: 'ApiToken' });

/** GET /account: the caller as a user. */
export const AccountResponse = UserRef.extend({ created_at: Instant, updated_at: Instant }).meta({ id: 'Account' });

/** POST .../members and .../collaborators body: a user by id, email or username, and a role. */
export const MembershipCreate = z.object({
  user: requiredString('user').max(256),
  role: RoleName,
});

/** One membership as the API shows it. */
export const MembershipResponse = z
  .object({ id: Uuid, role: z.string(), scope: z.object({ kind: z.string(), id: z.string() }), user: UserRef, created_at: Instant, updated_at: Instant })
  .meta({ id: 'Membership' });

/** Wire shape of an issued token (with the secret only when `token` is given). */
export function presentApiToken(t: StoredApiToken, token?: string): z.infer<typeof ApiTokenResponse> {
  return {
    id: t.id,
    description: t.description,
    hint: t.hint,
    ...(token ? { token } : {}),
    scope: t.ceiling ? { role: t.ceiling.role, kind: t.ceiling.scope, id: t.ceiling.scope_id } : null,
    expires_at: iso(t.expires_at),
    revoked_at: iso(t.revoked_at),
    created_at: t.created_at.toISOString(),
    user: { id: t.user },
  };
}

/** Wire shape of the caller's account. */
export function presentAccount(u: User): z.infer<typeof AccountResponse> {
  return { id: u.id, email: u.email, username: u.username, created_at: u.created_at.toISOString(), updated_at: u.updated_at.toISOString() };
}

/** Wire shape of a membership. */
export function presentMembership(m: Membership, u: User | undefined): z.infer<typeof MembershipResponse> {
  return {
    id: m.id,
    role: m.role,
    scope: { kind: m.scope, id: m.scope_id },
    user: { id: m.user, email: u?.email ?? '', username: u?.username ?? '' },
    created_at: m.created_at.toISOString(),
    updated_at: m.updated_at.toISOString(),
  };
}

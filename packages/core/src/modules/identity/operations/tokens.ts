import { z } from 'zod';
import { route } from '../../../kernel/operation.js';
import { AccountResponse, ApiTokenCreate, ApiTokenResponse, presentAccount, presentApiToken } from '../schemas/identity.js';
import { IdentityService } from '../services/identity.js';

// Self-service: every authenticated caller manages its own account and tokens, so these declare no permission.

/** /account and /account/tokens (with Heroku's /oauth/authorizations spelling). */
export const tokenRoutes = [
  route({
    method: 'get',
    path: '/account',
    summary: 'The caller as a user (recorded the first time it is seen)',
    tag: 'Account',
    response: AccountResponse,
    handler: async ({ principal, resolve }) => presentAccount(await resolve(IdentityService).account(principal)),
  }),
  route({
    method: 'post',
    path: ['/account/tokens', '/oauth/authorizations'],
    summary: 'Mint an API token acting as the caller (shown once; scope is a role ceiling, optionally at an org, space or app)',
    tag: 'Account',
    body: ApiTokenCreate,
    response: ApiTokenResponse,
    status: 201,
    handler: async ({ body, principal, resolve }) => {
      const { record, token } = await resolve(IdentityService).createToken(principal, body as z.infer<typeof ApiTokenCreate>);
      return presentApiToken(record, token);
    },
  }),
  route({
    method: 'get',
    path: ['/account/tokens', '/oauth/authorizations'],
    summary: "List the caller's tokens that are not revoked (never the secrets)",
    tag: 'Account',
    response: ApiTokenResponse,
    list: ['id'],
    handler: async ({ principal, resolve }) => ({ items: (await resolve(IdentityService).listTokens(principal)).map((t) => presentApiToken(t)) }),
  }),
  route({
    method: 'delete',
    path: ['/account/tokens/:id', '/oauth/authorizations/:id'],
    summary: 'Revoke one of the caller\'s tokens (refused from the next request on, on every replica)',
    tag: 'Account',
    response: ApiTokenResponse,
    handler: async ({ params, principal, resolve }) => presentApiToken(await resolve(IdentityService).revokeToken(principal, params.id!)),
  }),
];

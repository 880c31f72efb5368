import { route, type RouteDef } from '../../../kernel/operation.js';
import type { Permission } from '../../../kernel/permissions.js';
import { MembershipCreate, MembershipResponse, presentMembership } from '../schemas/identity.js';
import { IdentityService, type MembershipScope } from '../services/identity.js';

/** The three routes of one membership scope: list, give a role, take it. */
function membershipRoutes(kind: MembershipScope['kind'], base: string, param: string, noun: string, read: Permission, tag: string): RouteDef[] {
  const scope = (params: Record<string, string>): MembershipScope => ({ kind, ref: params[param]! });
  return [
    route({
      method: 'get',
      path: base,
      summary: `List the ${noun} and their roles`,
      tag,
      permission: read,
      response: MembershipResponse,
      list: ['id'],
      handler: async ({ params, resolve }) => ({
        items: (await resolve(IdentityService).members(scope(params))).map(({ membership, user }) => presentMembership(membership, user)),
      }),
    }),
    route({
      method: 'post',
      path: base,
      summary: `Give a user (by id, email or username) a role here, replacing the one it held; never above the caller's own`,
      tag,
      permission: 'member:manage',
      body: MembershipCreate,
      response: MembershipResponse,
      status: 201,
      handler: async ({ params, body, principal, resolve }) => {
        const { membership, user } = await resolve(IdentityService).addMember(principal, scope(params), body);
        return presentMembership(membership, user);
      },
    }),
    route({
      method: 'delete',
      path: `${base}/:user`,
      summary: `Take a user's role here away`,
      tag,
      permission: 'member:manage',
      response: MembershipResponse,
      handler: async ({ params, principal, resolve }) => {
        const { membership, user } = await resolve(IdentityService).removeMember(principal, scope(params), params.user!);
        return presentMembership(membership, user);
      },
    }),
  ];
}

/** /organizations/{org}/members, /spaces/{space}/members and /apps/{app}/collaborators. */
export const memberRoutes: RouteDef[] = [
  ...membershipRoutes('org', '/organizations/:org/members', 'org', 'members of the organization', 'org:read', 'Members'),
  ...membershipRoutes('space', '/spaces/:space/members', 'space', 'members of the space', 'space:read', 'Members'),
  ...membershipRoutes('app', '/apps/:app/collaborators', 'app', "app's collaborators", 'app:read', 'Collaborators'),
];

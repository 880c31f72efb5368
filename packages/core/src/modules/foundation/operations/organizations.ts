import { OrganizationCreate, OrganizationResponse, presentOrganization } from '../schemas/organizations.js';
import { OrganizationService } from '../services/organizations.js';
import { route } from '../../../kernel/operation.js';

/** /organizations */
export const organizationRoutes = [
  route({
    method: 'post',
    path: '/organizations',
    summary: 'Create an organization',
    tag: 'Organizations',
    permission: 'org:admin',
    body: OrganizationCreate,
    response: OrganizationResponse,
    status: 201,
    handler: async ({ body, principal, resolve }) => presentOrganization(await resolve(OrganizationService).create(principal, body)),
  }),
  route({
    method: 'get',
    path: '/organizations',
    summary: 'List organizations',
    tag: 'Organizations',
    permission: 'org:read',
    response: OrganizationResponse,
    list: ['id', 'name'],
    handler: async ({ page, resolve }) => {
      const p = await resolve(OrganizationService).list(page);
      return { ...p, items: p.items.map(presentOrganization) };
    },
  }),
  route({
    method: 'get',
    path: '/organizations/:org',
    summary: 'Get an organization',
    tag: 'Organizations',
    permission: 'org:read',
    response: OrganizationResponse,
    handler: async ({ params, resolve }) => presentOrganization(await resolve(OrganizationService).get(params.org!)),
  }),
];

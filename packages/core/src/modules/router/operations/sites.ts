import { route } from '../../../kernel/operation.js';
import { SiteCreate, SiteResponse, presentSite } from '../schemas/sites.js';
import { SiteService } from '../services/sites.js';

/** /sites: domains with path routes to apps. */
export const siteRoutes = [
  route({
    method: 'get',
    path: '/sites',
    summary: 'List sites',
    tag: 'Sites',
    response: SiteResponse,
    list: ['id', 'domain'],
    permission: 'site:read',
    handler: async ({ page, resolve }) => {
      const svc = resolve(SiteService);
      const p = await svc.list(page);
      return { ...p, items: p.items.map((s) => presentSite(s, svc.region(s))) };
    },
  }),
  route({
    method: 'post',
    path: '/sites',
    summary: 'Create a site',
    tag: 'Sites',
    body: SiteCreate,
    response: SiteResponse,
    status: 201,
    permission: 'site:write',
    handler: async ({ body, principal, resolve }) => {
      const svc = resolve(SiteService);
      const site = await svc.create(principal, { domain: body.domain, region: body.region ?? body.regoin, internal: body.internal });
      return presentSite(site, svc.region(site));
    },
  }),
  route({
    method: 'get',
    path: '/sites/:site',
    summary: 'Get a site by id or domain',
    tag: 'Sites',
    response: SiteResponse,
    permission: 'site:read',
    handler: async ({ params, resolve }) => {
      const svc = resolve(SiteService);
      const site = await svc.get(params.site!);
      return presentSite(site, svc.region(site));
    },
  }),
  route({
    method: 'delete',
    path: '/sites/:site',
    summary: 'Delete a site and its routes',
    tag: 'Sites',
    response: SiteResponse,
    permission: 'site:write',
    handler: async ({ params, principal, resolve }) => {
      const svc = resolve(SiteService);
      const site = await svc.delete(principal, params.site!);
      return presentSite(site, svc.region(site));
    },
  }),
];

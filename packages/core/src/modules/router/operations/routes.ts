import { route } from '../../../kernel/operation.js';
import { RouteCreate, RouteList, RouteResponse, presentRoute } from '../schemas/routes.js';
import { RouteService } from '../services/routes.js';

/** Path routes of sites to apps (`/site/...` is the seed's spelling, `/apps/{app}/routes` what the CLI calls). */
export const routeRoutes = [
  route({
    method: 'get',
    path: ['/sites/:site/routes', '/site/:site/routes'],
    summary: "List a site's routes",
    tag: 'Routes',
    response: RouteList,
    permission: 'site:read',
    handler: async ({ params, resolve }) => (await resolve(RouteService).bySite(params.site!)).map(presentRoute),
  }),
  route({
    method: 'get',
    path: '/apps/:app/routes',
    summary: 'List the routes to an app',
    tag: 'Routes',
    response: RouteList,
    permission: 'site:read',
    handler: async ({ params, resolve }) => (await resolve(RouteService).byApp(params.app!)).map(presentRoute),
  }),
  route({
    method: 'post',
    path: ['/routes', '/apps/:app/routes'],
    summary: 'Create a route from a path of a site to an app',
    tag: 'Routes',
    body: RouteCreate,
    response: RouteResponse,
    status: 201,
    permission: 'site:write',
    handler: async ({ params, body, principal, resolve }) =>
      presentRoute(await resolve(RouteService).create(principal, { ...body, app: params.app ?? body.app })),
  }),
  route({
    method: 'get',
    path: '/routes/:route',
    summary: 'Get a route',
    tag: 'Routes',
    response: RouteResponse,
    permission: 'site:read',
    handler: async ({ params, resolve }) => presentRoute(await resolve(RouteService).get(params.route!)),
  }),
  route({
    method: 'delete',
    path: '/routes/:route',
    summary: 'Delete a route',
    tag: 'Routes',
    response: RouteResponse,
    permission: 'site:write',
    handler: async ({ params, resolve, principal }) => presentRoute(await resolve(RouteService).delete(principal, params.route!)),
  }),
];

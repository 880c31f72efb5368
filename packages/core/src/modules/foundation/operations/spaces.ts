import { ConfigVarsPatch, ConfigVarsResponse } from '../schemas/config-vars.js';
import { SpaceCreate, SpaceResponse, SpaceUpdate, presentSpace } from '../schemas/spaces.js';
import { CatalogService } from '../services/catalog.js';
import { SpaceService } from '../services/spaces.js';
import type { Space } from '../domain/records.js';
import { route } from '../../../kernel/operation.js';

/** A space's wire shape with its app count. */
async function present(space: Space, spaces: SpaceService, catalog: CatalogService) {
  return presentSpace(space, catalog.catalog, (await spaces.appCounts([space.id]))[space.id] ?? 0);
}

/** /spaces and space-level config vars */
export const spaceRoutes = [
  route({
    method: 'post',
    path: '/spaces',
    summary: 'Create a space',
    tag: 'Spaces',
    permission: 'space:write',
    body: SpaceCreate,
    response: SpaceResponse,
    status: 201,
    handler: async ({ body, principal, resolve }) => present(await resolve(SpaceService).create(principal, body), resolve(SpaceService), resolve(CatalogService)),
  }),
  route({
    method: 'get',
    path: '/spaces',
    summary: 'List spaces',
    tag: 'Spaces',
    permission: 'space:read',
    response: SpaceResponse,
    list: ['id', 'name'],
    handler: async ({ page, resolve }) => {
      const p = await resolve(SpaceService).list(page);
      const c = resolve(CatalogService).catalog;
      const counts = await resolve(SpaceService).appCounts(p.items.map((s) => s.id));
      return { ...p, items: p.items.map((s) => presentSpace(s, c, counts[s.id] ?? 0)) };
    },
  }),
  route({
    method: 'get',
    path: '/spaces/:space',
    summary: 'Get a space',
    tag: 'Spaces',
    permission: 'space:read',
    response: SpaceResponse,
    handler: async ({ params, resolve }) => present(await resolve(SpaceService).get(params.space!), resolve(SpaceService), resolve(CatalogService)),
  }),
  route({
    method: 'patch',
    path: '/spaces/:space',
    summary: 'Update the compliance or description of a space',
    tag: 'Spaces',
    permission: 'space:write',
    body: SpaceUpdate,
    response: SpaceResponse,
    handler: async ({ params, body, principal, resolve }) =>
      present(await resolve(SpaceService).update(principal, params.space!, body), resolve(SpaceService), resolve(CatalogService)),
  }),
  route({
    method: 'get',
    path: '/spaces/:space/config-vars',
    summary: 'Get the config vars every app in the space inherits',
    tag: 'Spaces',
    permission: 'space:read',
    response: ConfigVarsResponse,
    handler: ({ params, resolve }) => resolve(SpaceService).getConfig(params.space!),
  }),
  route({
    method: 'patch',
    path: '/spaces/:space/config-vars',
    summary: 'Set (string) or remove (null) space config vars',
    tag: 'Spaces',
    permission: 'space:write',
    body: ConfigVarsPatch,
    response: ConfigVarsResponse,
    handler: ({ params, body, principal, resolve }) => resolve(SpaceService).patchConfig(principal, params.space!, body),
  }),
];

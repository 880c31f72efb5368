import { PluginCreate, PluginResponse, PluginUpdate, presentPlugin } from '../schemas/plugins.js';
import { PluginService } from '../services/plugins.js';
import { route } from '../../../kernel/operation.js';

/** /plugins: the platform-wide CLI plugin registry (reads need only a caller; writes need `plugin:manage`). */
export const pluginRoutes = [
  route({
    method: 'get',
    path: '/plugins',
    summary: 'List plugins',
    tag: 'Plugins',
    response: PluginResponse,
    list: ['id', 'name'],
    handler: async ({ page, resolve }) => {
      const p = await resolve(PluginService).list(page);
      return { ...p, items: p.items.map(presentPlugin) };
    },
  }),
  route({
    method: 'get',
    path: '/plugins/:plugin',
    summary: 'Get a plugin',
    tag: 'Plugins',
    response: PluginResponse,
    handler: async ({ params, resolve }) => presentPlugin(await resolve(PluginService).get(params.plugin!)),
  }),
  route({
    method: 'post',
    path: '/plugins',
    summary: 'Publish a plugin',
    tag: 'Plugins',
    body: PluginCreate,
    response: PluginResponse,
    status: 201,
    permission: 'plugin:manage',
    handler: async ({ body, principal, resolve }) => presentPlugin(await resolve(PluginService).create(principal, body)),
  }),
  route({
    method: 'patch',
    path: '/plugins/:plugin',
    summary: 'Revise a plugin',
    tag: 'Plugins',
    body: PluginUpdate,
    response: PluginResponse,
    permission: 'plugin:manage',
    handler: async ({ params, body, principal, resolve }) => presentPlugin(await resolve(PluginService).update(principal, params.plugin!, body)),
  }),
  route({
    method: 'delete',
    path: '/plugins/:plugin',
    summary: 'Unpublish a plugin',
    tag: 'Plugins',
    response: PluginResponse,
    permission: 'plugin:manage',
    handler: async ({ params, principal, resolve }) => presentPlugin(await resolve(PluginService).delete(principal, params.plugin!)),
  }),
];

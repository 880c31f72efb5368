import { z } from 'zod';
import { AppCreate, AppDeleteResponse, AppResponse, AppUpdate, presentApp } from '../schemas/apps.js';
import { AppService } from '../services/apps.js';
import { AppPreviewService } from '../services/app-previews.js';
import { CatalogService } from '../services/catalog.js';
import { route } from '../../../kernel/operation.js';

/** /apps (and the seed's `PATCH /apps` spelling, which means `PATCH /apps/{app}`) */
export const appRoutes = [
  route({
    method: 'post',
    path: '/apps',
    summary: 'Create an app',
    tag: 'Apps',
    permission: 'app:write',
    body: AppCreate,
    response: AppResponse,
    status: 201,
    handler: async ({ body, principal, resolve }) => presentApp(await resolve(AppService).create(principal, body), resolve(CatalogService).catalog),
  }),
  route({
    method: 'get',
    path: '/apps',
    summary: 'List apps',
    tag: 'Apps',
    permission: 'app:read',
    query: z.object({ space: z.string().min(1).optional() }),
    response: AppResponse,
    // Only by id: app names repeat across spaces, so a page boundary by name could skip apps.
    list: ['id'],
    cache: true,
    handler: async ({ page, query, resolve }) => {
      const p = await resolve(AppService).list(page, query);
      const c = resolve(CatalogService).catalog;
      const previews = await resolve(AppPreviewService).of(p.items.map((v) => v.app.id));
      return { ...p, items: p.items.map((v) => presentApp(v, c, previews.get(v.app.id) ?? null)) };
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app',
    summary: 'Get an app by id or name-space key',
    tag: 'Apps',
    permission: 'app:read',
    response: AppResponse,
    cache: true,
    // A read: the view the permission check loaded in this request is as fresh as a second look-up.
    handler: async ({ params, app, resolve }) => {
      const view = app ?? (await resolve(AppService).get(params.app!));
      const previews = await resolve(AppPreviewService).of([view.app.id]);
      return presentApp(view, resolve(CatalogService).catalog, previews.get(view.app.id) ?? null);
    },
  }),
  route({
    method: 'patch',
    path: '/apps/:app',
    summary: 'Update maintenance mode (name and build_stack cannot change: 400)',
    tag: 'Apps',
    permission: 'app:write',
    body: AppUpdate,
    response: AppResponse,
    handler: async ({ params, body, principal, resolve }) => {
      const c = resolve(CatalogService).catalog;
      const view = await resolve(AppService).update(principal, params.app!, body, (v) => v.space.stack);
      const previews = await resolve(AppPreviewService).of([view.app.id]);
      return presentApp(view, c, previews.get(view.app.id) ?? null);
    },
  }),
  route({
    method: 'delete',
    path: '/apps/:app',
    summary: 'Delete an app and everything it owns',
    tag: 'Apps',
    permission: 'app:write',
    response: AppDeleteResponse,
    handler: async ({ params, principal, resolve }) => ({ ...presentApp(await resolve(AppService).delete(principal, params.app!), resolve(CatalogService).catalog), result: 'successful' }),
  }),
];

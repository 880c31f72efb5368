import { AppResponse, presentApp } from '../schemas/apps.js';
import { FavoriteCreate } from '../schemas/favorites.js';
import { CatalogService } from '../services/catalog.js';
import { FavoriteService } from '../services/favorites.js';
import { route } from '../../../kernel/operation.js';
import { AppPreviewService } from '../services/app-previews.js';

/**
 * /favorites: the caller's favorite apps, beyond the seed (the reference controller serves them and the Akkeris CLI's
 * apps:favorites commands call them). Favorites answer in the app shape, so the CLI's app formatting and filters apply.
 */
export const favoriteRoutes = [
  route({
    method: 'get',
    path: '/favorites',
    summary: "List the caller's favorite apps",
    tag: 'Apps',
    permission: 'app:read',
    response: AppResponse,
    list: ['id'],
    handler: async ({ page, principal, resolve }) => {
      const p = await resolve(FavoriteService).list(principal, page);
      const c = resolve(CatalogService).catalog;
      const previews = await resolve(AppPreviewService).of(p.items.map((v) => v.app.id));
      return { ...p, items: p.items.map((v) => presentApp(v, c, previews.get(v.app.id) ?? null)) };
    },
  }),
  route({
    method: 'post',
    path: '/favorites',
    summary: "Add an app to the caller's favorites (again: no change)",
    tag: 'Apps',
    permission: 'app:read',
    body: FavoriteCreate,
    response: AppResponse,
    status: 201,
    handler: async ({ body, principal, resolve }) => presentApp(await resolve(FavoriteService).add(principal, body.app), resolve(CatalogService).catalog),
  }),
  route({
    method: 'delete',
    path: '/favorites/:app',
    summary: "Remove an app from the caller's favorites",
    tag: 'Apps',
    permission: 'app:read',
    response: AppResponse,
    handler: async ({ params, principal, resolve }) => presentApp(await resolve(FavoriteService).remove(principal, params.app!), resolve(CatalogService).catalog),
  }),
];

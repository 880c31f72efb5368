import { ReleaseCreate, ReleaseResponse, presentRelease } from '../schemas/releases.js';
import { ReleaseService } from '../services/releases.js';
import { route } from '../../../kernel/operation.js';

/** /apps/{app}/releases */
export const releaseRoutes = [
  route({
    method: 'post',
    path: '/apps/:app/releases',
    summary: 'Release a slug, or roll back to an earlier release (deployed in the background)',
    tag: 'Releases',
    permission: 'app:deploy',
    body: ReleaseCreate,
    response: ReleaseResponse,
    status: 201,
    handler: async ({ params, body, principal, resolve }) => {
      const r = await resolve(ReleaseService).create(principal, params.app!, body);
      return presentRelease(r.release, r.view, r.current);
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/releases',
    summary: "List an app's releases",
    tag: 'Releases',
    permission: 'app:read',
    response: ReleaseResponse,
    list: ['id'],
    handler: async ({ params, page, resolve }) => {
      const p = await resolve(ReleaseService).list(params.app!, page);
      return { ...p, items: p.items.map((r) => presentRelease(r.release, r.view, r.current)) };
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/releases/:release',
    summary: 'Get a release',
    tag: 'Releases',
    permission: 'app:read',
    response: ReleaseResponse,
    handler: async ({ params, resolve }) => {
      const r = await resolve(ReleaseService).get(params.app!, params.release!);
      return presentRelease(r.release, r.view, r.current);
    },
  }),
];

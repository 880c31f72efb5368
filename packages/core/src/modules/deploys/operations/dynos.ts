import { DynoResponse, DynoRestartResponse, presentDyno } from '../schemas/dynos.js';
import { DynoService } from '../services/dynos.js';
import { z } from 'zod';
import { route } from '../../../kernel/operation.js';

/** /apps/{app}/dynos and /apps/{app}/dyno/{id} */
export const dynoRoutes = [
  route({
    method: 'get',
    path: '/apps/:app/dynos',
    summary: "List an app's dynos and their state",
    tag: 'Dynos',
    permission: 'app:read',
    response: z.array(DynoResponse),
    handler: async ({ params, resolve }) => (await resolve(DynoService).list(params.app!)).map((d) => presentDyno(d.dyno, d.view)),
  }),
  route({
    method: 'get',
    path: ['/apps/:app/dyno/:dyno', '/apps/:app/dynos/:dyno'],
    summary: 'Get one dyno by id or name',
    tag: 'Dynos',
    permission: 'app:read',
    response: DynoResponse,
    handler: async ({ params, resolve }) => {
      const { dyno, view } = await resolve(DynoService).get(params.app!, params.dyno!);
      return presentDyno(dyno, view);
    },
  }),
  route({
    method: 'delete',
    path: '/apps/:app/dynos',
    summary: 'Restart every dyno (rolling, in the background)',
    tag: 'Dynos',
    permission: 'app:deploy',
    response: DynoRestartResponse,
    status: 202,
    handler: ({ params, principal, resolve }) => resolve(DynoService).restart(principal, params.app!),
  }),
  route({
    method: 'delete',
    path: '/apps/:app/dynos/:type',
    summary: 'Restart the dynos of one process type (rolling, in the background)',
    tag: 'Dynos',
    permission: 'app:deploy',
    response: DynoRestartResponse,
    status: 202,
    handler: ({ params, principal, resolve }) => resolve(DynoService).restart(principal, params.app!, params.type!),
  }),
];

import { FormationBatchUpdate, FormationCreate, FormationResponse, FormationUpdate, presentFormation } from '../schemas/formations.js';
import { FormationService } from '../services/formations.js';
import { z } from 'zod';
import { route } from '../../../kernel/operation.js';

/** /apps/{app}/formation */
export const formationRoutes = [
  route({
    method: 'post',
    path: '/apps/:app/formation',
    summary: 'Create a process type',
    tag: 'Formations',
    permission: 'app:write',
    body: FormationCreate,
    response: FormationResponse,
    status: 201,
    handler: async ({ params, body, principal, resolve }) => {
      const { formation, view } = await resolve(FormationService).create(principal, params.app!, body);
      return presentFormation(formation, view);
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/formation',
    summary: "List an app's process types",
    tag: 'Formations',
    permission: 'app:read',
    response: z.array(FormationResponse),
    handler: async ({ params, resolve }) => (await resolve(FormationService).list(params.app!)).map((f) => presentFormation(f.formation, f.view)),
  }),
  route({
    method: 'patch',
    path: '/apps/:app/formation',
    summary: 'Update several process types (scale, size, port, command, health check)',
    tag: 'Formations',
    permission: 'app:write',
    body: FormationBatchUpdate,
    response: z.array(FormationResponse),
    handler: async ({ params, body, principal, resolve }) =>
      (await resolve(FormationService).batch(principal, params.app!, body)).map((f) => presentFormation(f.formation, f.view)),
  }),
  route({
    method: 'get',
    path: '/apps/:app/formation/:type',
    summary: 'Get a process type',
    tag: 'Formations',
    permission: 'app:read',
    response: FormationResponse,
    handler: async ({ params, resolve }) => {
      const { formation, view } = await resolve(FormationService).get(params.app!, params.type!);
      return presentFormation(formation, view);
    },
  }),
  route({
    method: 'patch',
    path: '/apps/:app/formation/:type',
    summary: 'Update a process type (quantity 0..20; 0 takes it offline)',
    tag: 'Formations',
    permission: 'app:write',
    body: FormationUpdate,
    response: FormationResponse,
    handler: async ({ params, body, principal, resolve }) => {
      const { formation, view } = await resolve(FormationService).update(principal, params.app!, params.type!, body);
      return presentFormation(formation, view);
    },
  }),
  route({
    method: 'delete',
    path: '/apps/:app/formation/:type',
    summary: 'Remove a process type',
    tag: 'Formations',
    permission: 'app:write',
    response: FormationResponse,
    handler: async ({ params, principal, resolve }) => {
      const { formation, view } = await resolve(FormationService).delete(principal, params.app!, params.type!);
      return presentFormation(formation, view);
    },
  }),
];

import { LogDrainCreate, LogDrainResponse, presentLogDrain } from '../schemas/log-drains.js';
import { LogDrainService } from '../services/log-drains.js';
import { route } from '../../../kernel/operation.js';

/** /apps/{app}/log-drains (and the seed's `/log-drians/{id}` spelling). */
export const logDrainRoutes = [
  route({
    method: 'post',
    path: '/apps/:app/log-drains',
    summary: 'Add a log drain',
    tag: 'Log Drains',
    body: LogDrainCreate,
    response: LogDrainResponse,
    status: 201,
    permission: 'app:write',
    handler: async ({ params, body, principal, resolve }) => presentLogDrain(await resolve(LogDrainService).create(principal, params.app!, body)),
  }),
  route({
    method: 'get',
    path: '/apps/:app/log-drains',
    summary: "List an app's log drains",
    tag: 'Log Drains',
    response: LogDrainResponse,
    list: ['id'],
    permission: 'app:read',
    handler: async ({ params, page, resolve }) => {
      const p = await resolve(LogDrainService).list(params.app!, page);
      return { ...p, items: p.items.map(presentLogDrain) };
    },
  }),
  route({
    method: 'get',
    path: ['/apps/:app/log-drains/:drain', '/apps/:app/log-drians/:drain'],
    summary: 'Get a log drain',
    tag: 'Log Drains',
    response: LogDrainResponse,
    permission: 'app:read',
    handler: async ({ params, resolve }) => presentLogDrain(await resolve(LogDrainService).get(params.app!, params.drain!)),
  }),
  route({
    method: 'delete',
    path: ['/apps/:app/log-drains/:drain', '/apps/:app/log-drians/:drain'],
    summary: 'Remove a log drain',
    tag: 'Log Drains',
    response: LogDrainResponse,
    permission: 'app:write',
    handler: async ({ params, principal, resolve }) => presentLogDrain(await resolve(LogDrainService).delete(principal, params.app!, params.drain!)),
  }),
];

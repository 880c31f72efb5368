import { HookCreate, HookResponse, HookResultResponse, HookUpdate, presentHook, presentHookResult } from '../schemas/hooks.js';
import { HookService } from '../services/webhooks.js';
import { route } from '../../../kernel/operation.js';

/** /apps/{app}/hooks and their delivery results */
export const hookRoutes = [
  route({
    method: 'post',
    path: '/apps/:app/hooks',
    summary: 'Create a webhook',
    tag: 'Webhooks',
    permission: 'app:write',
    body: HookCreate,
    response: HookResponse,
    status: 201,
    handler: async ({ params, body, principal, resolve }) => presentHook(await resolve(HookService).create(principal, params.app!, body)),
  }),
  route({
    method: 'get',
    path: '/apps/:app/hooks',
    summary: "List an app's webhooks",
    tag: 'Webhooks',
    permission: 'app:read',
    response: HookResponse,
    list: ['id'],
    handler: async ({ params, page, resolve }) => {
      const p = await resolve(HookService).list(params.app!, page);
      return { ...p, items: p.items.map(presentHook) };
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/hooks/:hook',
    summary: 'Get a webhook',
    tag: 'Webhooks',
    permission: 'app:read',
    response: HookResponse,
    handler: async ({ params, resolve }) => presentHook(await resolve(HookService).get(params.app!, params.hook!)),
  }),
  route({
    method: 'patch',
    path: '/apps/:app/hooks/:hook',
    summary: 'Update a webhook (partial)',
    tag: 'Webhooks',
    permission: 'app:write',
    body: HookUpdate,
    response: HookResponse,
    handler: async ({ params, body, principal, resolve }) => presentHook(await resolve(HookService).update(principal, params.app!, params.hook!, body)),
  }),
  route({
    method: 'delete',
    path: '/apps/:app/hooks/:hook',
    summary: 'Delete a webhook',
    tag: 'Webhooks',
    permission: 'app:write',
    response: HookResponse,
    handler: async ({ params, principal, resolve }) => presentHook(await resolve(HookService).delete(principal, params.app!, params.hook!)),
  }),
  route({
    method: 'get',
    path: '/apps/:app/hooks/:hook/results',
    summary: "List a webhook's delivery results",
    tag: 'Webhooks',
    permission: 'app:read',
    response: HookResultResponse,
    list: ['id'],
    handler: async ({ params, page, resolve }) => {
      const { hook, page: p } = await resolve(HookService).results(params.app!, params.hook!, page);
      return { ...p, items: p.items.map((d) => presentHookResult(d, hook)) };
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/hooks/:hook/results/:result',
    summary: 'Get one delivery result',
    tag: 'Webhooks',
    permission: 'app:read',
    response: HookResultResponse,
    handler: async ({ params, resolve }) => {
      const { hook, delivery } = await resolve(HookService).result(params.app!, params.hook!, params.result!);
      return presentHookResult(delivery, hook);
    },
  }),
];

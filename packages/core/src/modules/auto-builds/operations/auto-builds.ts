import { z } from 'zod';
import { route } from '../../../kernel/operation.js';
import { AutoBuildCallbackResponse, AutoBuildCreate, AutoBuildResponse, AutoBuildStatus, PreviewResponse, presentAutoBuild, presentPreview } from '../schemas/auto-builds.js';
import { AutoBuildService } from '../services/auto-builds.js';
import { PreviewService } from '../services/previews.js';

/** The auto-build routes; the callback's body limit is the module's setting. */
export function autoBuildRoutes(maxCallbackBytes: number) {
  return [
    route({
      method: 'post',
      path: '/apps/:app/builds/auto',
      summary: 'Create (or reassign) the auto build/deploy hook; the token is used once and not stored',
      tag: 'Source Control Hooks',
      body: AutoBuildCreate,
      response: AutoBuildStatus,
      status: 201,
      permission: 'app:write',
      handler: async ({ params, body, principal, resolve, request }) => {
        await resolve(AutoBuildService).register(principal, params.app!, body, request.baseUrl);
        return { status: 'successful' as const };
      },
    }),
    route({
      method: 'get',
      path: ['/apps/:app/builds/auto', '/apps/:app/builds/auto/github'],
      summary: 'View the auto build/deploy hook',
      tag: 'Source Control Hooks',
      response: AutoBuildResponse,
      permission: 'app:read',
      handler: async ({ params, resolve }) => {
        const { autoBuild, view } = await resolve(AutoBuildService).get(params.app!);
        return presentAutoBuild(autoBuild, view);
      },
    }),
    route({
      method: 'delete',
      path: ['/apps/:app/builds/auto/github', '/apps/:app/builds/auto'],
      summary: 'Remove the auto build/deploy hook (and the webhook on the repository when possible)',
      tag: 'Source Control Hooks',
      response: AutoBuildStatus,
      permission: 'app:write',
      handler: async ({ params, principal, resolve }) => {
        await resolve(AutoBuildService).remove(principal, params.app!);
        return { status: 'successful' as const };
      },
    }),
    route({
      method: 'post',
      path: '/apps/:app/builds/auto/github',
      summary: 'GitHub webhook callback (signed with the hook secret; no token)',
      tag: 'Source Control Hooks',
      public: true,
      rawBody: { maxBytes: maxCallbackBytes },
      response: AutoBuildCallbackResponse,
      handler: async ({ params, body, resolve, request }) =>
        resolve(AutoBuildService).callback(params.app!, { headers: request.headers, body: body as Uint8Array }),
    }),
    route({
      method: 'get',
      path: '/apps/:app/previews',
      summary: 'List the preview apps of an app',
      tag: 'Apps',
      response: z.array(PreviewResponse),
      permission: 'app:read',
      handler: async ({ params, resolve }) => {
        const { previews, view } = await resolve(PreviewService).list(params.app!);
        return previews.map((p) => presentPreview(p, view));
      },
    }),
  ];
}

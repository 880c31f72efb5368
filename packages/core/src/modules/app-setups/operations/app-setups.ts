import { route } from '../../../kernel/operation.js';
import { AppSetupCreate, AppSetupResponse, BlueprintResponse, presentAppSetup } from '../schemas/app-setups.js';
import { AppSetupService } from '../services/app-setups.js';
import { BlueprintService } from '../services/blueprints.js';

/** /app-setups and the blueprints of apps. */
export const appSetupRoutes = [
  route({
    method: 'post',
    path: '/app-setups',
    summary: 'Create an app and everything its blueprint describes (the rest is installed in the background)',
    tag: 'App Setup',
    body: AppSetupCreate,
    response: AppSetupResponse,
    status: 201,
    permission: 'app:write',
    handler: async ({ body, principal, resolve }) => {
      const svc = resolve(AppSetupService);
      const setup = await svc.create(body, { actor: principal });
      const shown = await svc.view(setup.id);
      return presentAppSetup(shown.setup, shown.build, shown.appKey);
    },
  }),
  route({
    method: 'get',
    path: '/app-setups/:setup',
    summary: "An app setup's progress, status, failure and build",
    tag: 'App Setup',
    response: AppSetupResponse,
    permission: 'app:read',
    handler: async ({ params, resolve }) => {
      const shown = await resolve(AppSetupService).view(params.setup!);
      return presentAppSetup(shown.setup, shown.build, shown.appKey);
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/app-setups',
    summary: "An app's blueprint: the body POST /app-setups takes to create an equivalent app",
    tag: 'App Setup',
    response: BlueprintResponse,
    permission: 'app:read',
    handler: async ({ params, resolve }) => resolve(BlueprintService).exportBlueprint(params.app!),
  }),
];

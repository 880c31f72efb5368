import { FeatureResponse, FeatureUpdate, presentFeature } from '../schemas/features.js';
import { FeatureService } from '../services/features.js';
import { route } from '../../../kernel/operation.js';

/** /apps/{app}/features */
export const featureRoutes = [
  route({
    method: 'get',
    path: '/apps/:app/features',
    summary: 'List features and whether they are enabled for the app',
    tag: 'Features',
    permission: 'app:read',
    response: FeatureResponse,
    list: ['name'],
    handler: async ({ params, resolve }) => ({ items: (await resolve(FeatureService).list(params.app!)).map((f) => presentFeature(f.definition, f.enabled)) }),
  }),
  route({
    method: 'get',
    path: '/apps/:app/features/:feature',
    summary: 'Get one feature of the app',
    tag: 'Features',
    permission: 'app:read',
    response: FeatureResponse,
    handler: async ({ params, resolve }) => {
      const f = await resolve(FeatureService).get(params.app!, params.feature!);
      return presentFeature(f.definition, f.enabled);
    },
  }),
  route({
    method: 'patch',
    path: '/apps/:app/features/:feature',
    summary: 'Enable or disable a feature',
    tag: 'Features',
    permission: 'app:write',
    body: FeatureUpdate,
    response: FeatureResponse,
    handler: async ({ params, body, principal, resolve }) => {
      const f = await resolve(FeatureService).set(principal, params.app!, params.feature!, body.enabled);
      return presentFeature(f.definition, f.enabled);
    },
  }),
];

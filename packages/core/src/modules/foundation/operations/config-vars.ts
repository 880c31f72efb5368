import { ConfigVarsPatch, ConfigVarsResponse } from '../schemas/config-vars.js';
import { ConfigVarService } from '../services/config-vars.js';
import { route } from '../../../kernel/operation.js';
import { holdsPermission } from '../../identity/access-target.js';

/** /apps/{app}/config-vars */
export const configVarRoutes = [
  route({
    method: 'get',
    path: '/apps/:app/config-vars',
    summary: "Get an app's effective config vars (space vars overridden by the app's)",
    tag: 'Config',
    permission: 'config:read',
    response: ConfigVarsResponse,
    // Elevated roles read compliance-space values unredacted; everyone else (and every host without identity) redacted.
    handler: async ({ params, principal, resolve }) => resolve(ConfigVarService).get(params.app!, { reveal: await holdsPermission(resolve, principal, 'config:read-secret', params) }),
  }),
  route({
    method: 'patch',
    path: '/apps/:app/config-vars',
    summary: 'Set (string) or remove (null) app config vars; PORT is reserved',
    tag: 'Config',
    permission: 'config:write',
    body: ConfigVarsPatch,
    response: ConfigVarsResponse,
    handler: ({ params, body, principal, resolve }) => resolve(ConfigVarService).patch(principal, params.app!, body),
  }),
];

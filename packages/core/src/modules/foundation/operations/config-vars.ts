import { ConfigVarsPatch, ConfigVarsResponse } from '../schemas/config-vars.js';
import { ConfigVarService } from '../services/config-vars.js';
import { route } from '../../../kernel/operation.js';
import { holdsPermission } from '../../identity/access-target.js';

/** /apps/{app}/config-vars */
export const configVarRoutes = [
  route({
    method: 'get',
    path: '/apps/:app/config-vars',
    summary: "Get an app's effective config vars (space vars overridden by the app's; ?reveal=true unredacts socs/prod values for config:read-secret holders)",
    tag: 'Config',
    permission: 'config:read',
    response: ConfigVarsResponse,
    // `?reveal=true` from a caller holding config:read-secret (admins, owners) answers compliance-space values
    // unredacted; without it, for everyone else, and on hosts without identity, they stay redacted.
    handler: async ({ params, query, principal, resolve }) => {
      const reveal = (query as Record<string, unknown>).reveal === 'true' && (await holdsPermission(resolve, principal, 'config:read-secret', params));
      return resolve(ConfigVarService).get(params.app!, { reveal });
    },
  }),
  route({
    method: 'patch',
    path: '/apps/:app/config-vars',
    summary: 'Set (string) or remove (null) app config vars; PORT is reserved',
    tag: 'Config',
    permission: 'config:write',
    body: ConfigVarsPatch,
    response: ConfigVarsResponse,
    handler: ({ params, body, principal, app, resolve }) => resolve(ConfigVarService).patch(principal, params.app!, body, app),
  }),
];

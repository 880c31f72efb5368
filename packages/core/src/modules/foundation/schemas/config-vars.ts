import { z } from 'zod';

/** PATCH config-vars body: string values set, null deletes. Keys are checked by the service (to name the key). */
export const ConfigVarsPatch = z.record(z.string(), z.union([z.string(), z.null()]), {
  error: 'config vars must be an object of string or null values',
});

/** Config vars as the API shows them. */
export const ConfigVarsResponse = z.record(z.string(), z.string()).meta({ id: 'ConfigVars' });

import { z } from 'zod';

/** POST /favorites body, as the Akkeris CLI sends it (plugins/apps/index.js, favorite). */
export const FavoriteCreate = z.object({
  app: z.string({ error: (iss) => (iss.input === undefined ? 'app is required' : 'app must be a string') }).min(1, 'app must not be empty').max(100),
});

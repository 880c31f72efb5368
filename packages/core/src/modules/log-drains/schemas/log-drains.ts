import { z } from 'zod';
import type { LogDrain } from '../domain/log-drains.js';
import { Instant, requiredString, Uuid } from '../../../kernel/schemas.js';

/** POST /apps/{app}/log-drains body. */
export const LogDrainCreate = z.object({ url: requiredString('url').max(2048) });

/** A drain as the seed shows it; `url` has its password and query values masked, `addon` is null (no drain addons). */
export const LogDrainResponse = z
  .object({
    created_at: Instant,
    id: Uuid,
    addon: z.object({ id: z.string(), name: z.string() }).nullable(),
    updated_at: Instant,
    token: z.string(),
    url: z.string(),
  })
  .meta({ id: 'LogDrain' });

/** Wire shape of a drain. */
export function presentLogDrain(d: LogDrain): z.infer<typeof LogDrainResponse> {
  return { created_at: d.created_at.toISOString(), id: d.id, addon: null, updated_at: d.updated_at.toISOString(), token: d.token, url: d.redacted };
}

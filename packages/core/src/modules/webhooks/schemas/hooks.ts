import { z } from 'zod';
import type { Hook, HookDelivery } from '../domain/hooks.js';
import { WEBHOOK_EVENTS } from '../../../kernel/payloads.js';
import { Instant, requiredString, Uuid } from '../../../kernel/schemas.js';

const Events = z
  .array(z.enum(WEBHOOK_EVENTS, { error: `events must be among ${WEBHOOK_EVENTS.join(', ')}` }), { error: 'events must be an array of event names' })
  .min(1, 'events must name at least one event');

/** POST /apps/{app}/hooks body. */
export const HookCreate = z.object({
  url: requiredString('url').max(2048),
  events: Events,
  active: z.boolean({ error: 'active must be a boolean' }).optional(),
  secret: z.string({ error: 'secret must be a string' }).min(1).max(256).optional(),
});

/** PATCH /apps/{app}/hooks/{hook} body: any subset. */
export const HookUpdate = z.object({
  url: z.string({ error: 'url must be a string' }).min(1).max(2048).optional(),
  events: Events.optional(),
  active: z.boolean({ error: 'active must be a boolean' }).optional(),
  secret: z.string({ error: 'secret must be a string' }).min(1).max(256).optional(),
});

/** A hook as the API shows it (the seed echoes the secret to the app's owners). */
export const HookResponse = z
  .object({ url: z.string(), events: z.array(z.string()), active: z.boolean(), created_at: Instant, id: Uuid, secret: z.string() })
  .meta({ id: 'Hook' });

/** One delivery ("result") as the API shows it. */
export const HookResultResponse = z
  .object({
    id: Uuid,
    last_attempt: z
      .object({
        request: z.object({ method: z.string(), url: z.string(), headers: z.record(z.string(), z.string()), body: z.record(z.string(), z.unknown()) }),
        response: z.object({ code: z.number().nullable(), headers: z.record(z.string(), z.string()) }).nullable(),
        status: z.string(),
        error: z.string().optional(),
        updated_at: Instant,
      })
      .nullable(),
    num_attempts: z.number().int(),
    status: z.string(),
    hook: z.object({ id: z.string(), events: z.array(z.string()) }),
    created_at: Instant,
  })
  .meta({ id: 'HookResult' });

/** Wire shape of a hook. */
export function presentHook(h: Hook): z.infer<typeof HookResponse> {
  return { url: h.url, events: h.events, active: h.active, created_at: h.created_at.toISOString(), id: h.id, secret: h.secret };
}

/** Wire shape of a delivery. */
export function presentHookResult(d: HookDelivery, hook: Hook): z.infer<typeof HookResultResponse> {
  const a = d.last_attempt;
  return {
    id: d.id,
    last_attempt: a
      ? { request: a.request, response: a.response, status: a.status, ...(a.error ? { error: a.error } : {}), updated_at: a.updated_at.toISOString() }
      : null,
    num_attempts: d.num_attempts,
    status: d.status,
    hook: { id: hook.id, events: hook.events },
    created_at: d.created_at.toISOString(),
  };
}

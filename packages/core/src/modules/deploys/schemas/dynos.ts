import { z } from 'zod';
import type { AppView } from '../../foundation/domain/records.js';
import type { DynoStatus } from '../domain/runtime.js';
import { Instant } from '../../../kernel/schemas.js';

/** A dyno as the API shows it. */
export const DynoResponse = z
  .object({
    attach_url: z.string(),
    command: z.string(),
    created_at: Instant,
    id: z.string(),
    name: z.string(),
    release: z.object({ id: z.string(), version: z.number().int() }).nullable(),
    app: z.object({ name: z.string(), id: z.string() }),
    size: z.string(),
    state: z.string(),
    ready: z.boolean(),
    type: z.string(),
    additional_info: z.string(),
    updated_at: Instant,
  })
  .meta({ id: 'Dyno' });

/** The answer of a restart: it happens in the background. */
export const DynoRestartResponse = z.object({ status: z.literal('pending') }).meta({ id: 'DynoRestart' });

/** POST /apps/{app}/log-sessions body. */
export const LogSessionCreate = z.object({
  lines: z.number({ error: 'lines must be an integer' }).int('lines must be an integer').optional(),
  tail: z.boolean({ error: 'tail must be a boolean' }).optional(),
});

/** A log session: the URL to read (no Authorization header needed: it carries a short-lived signed token). */
export const LogSessionResponse = z
  .object({ created_at: Instant, id: z.string(), logplex_url: z.string(), updated_at: Instant })
  .meta({ id: 'LogSession' });

/** Wire shape of a dyno. */
export function presentDyno(d: DynoStatus, v: AppView): z.infer<typeof DynoResponse> {
  return {
    attach_url: '',
    command: d.command,
    created_at: d.created_at.toISOString(),
    id: d.id,
    name: d.name,
    release: d.release,
    app: { name: v.app.name, id: v.app.id },
    size: d.size,
    state: d.state,
    ready: d.ready,
    type: d.type,
    additional_info: d.additional_info,
    updated_at: d.updated_at.toISOString(),
  };
}

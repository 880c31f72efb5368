import { z } from 'zod';
import type { Formation } from '../domain/deploys.js';
import type { AppView } from '../../foundation/domain/records.js';
import { Instant, requiredString, Uuid } from '../../../kernel/schemas.js';

/** The seed documents quantity and port as strings in places: accept numeric strings as well as numbers. */
const int = (field: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: `${field} must be an integer` }).int(`${field} must be an integer`),
  );

const fields = {
  size: z.string({ error: 'size must be a string' }).min(1).max(64).optional(),
  quantity: int('quantity').optional(),
  port: int('port').nullable().optional(),
  command: z.string({ error: 'command must be a string or null' }).max(4096).nullable().optional(),
  healthcheck: z.string({ error: 'healthcheck must be a string or null' }).max(1024).nullable().optional(),
  removeHealthcheck: z.boolean({ error: 'removeHealthcheck must be a boolean' }).optional(),
  'remove-command': z.boolean({ error: 'remove-command must be a boolean' }).optional(),
};

/** POST /apps/{app}/formation body. */
export const FormationCreate = z.object({ type: requiredString('type').max(30), ...fields, quantity: int('quantity') });

/** PATCH /apps/{app}/formation/{type} body. */
export const FormationUpdate = z.object(fields);

/** PATCH /apps/{app}/formation body: an array of updates naming their type. */
export const FormationBatchUpdate = z.array(z.object({ type: requiredString('type').max(30), ...fields }), { error: 'the body must be an array of formation updates' });

/** A formation as the API shows it. */
export const FormationResponse = z
  .object({
    app: z.object({ name: z.string(), id: Uuid }),
    command: z.string().nullable(),
    created_at: Instant,
    id: Uuid,
    quantity: z.number().int(),
    size: z.string(),
    type: z.string(),
    port: z.number().int().nullable(),
    healthcheck: z.string().nullable(),
    updated_at: Instant,
  })
  .meta({ id: 'Formation' });

/** Wire shape of a formation. */
export function presentFormation(f: Formation, v: AppView): z.infer<typeof FormationResponse> {
  return {
    app: { name: v.app.name, id: v.app.id },
    command: f.command,
    created_at: f.created_at.toISOString(),
    id: f.id,
    quantity: f.quantity,
    size: f.size,
    type: f.type,
    port: f.port,
    healthcheck: f.healthcheck,
    updated_at: f.updated_at.toISOString(),
  };
}

import { z } from 'zod';
import type { Organization } from '../domain/records.js';
import { Instant, requiredString, Uuid } from '../../../kernel/schemas.js';

/** POST /organizations body. */
export const OrganizationCreate = z.object({
  name: requiredString('name').max(32),
  description: requiredString('description').max(1024),
});

/** An organization as the API shows it. */
export const OrganizationResponse = z
  .object({ created_at: Instant, id: Uuid, name: z.string(), updated_at: Instant, role: z.string() })
  .meta({ id: 'Organization' });

/** Wire shape of an organization. */
export function presentOrganization(o: Organization): z.infer<typeof OrganizationResponse> {
  return { created_at: o.created_at.toISOString(), id: o.id, name: o.name, updated_at: o.updated_at.toISOString(), role: 'admin' };
}

import { z } from 'zod';
import type { Organization } from '../domain/records.js';
import { Instant, requiredString } from '../../../kernel/schemas.js';

/** POST /organizations body. */
export const OrganizationCreate = z.object({
  name: requiredString('name').max(32),
  // Required as the seed says, but it may be empty: the Akkeris CLI sends "" when no --contact is given
  // (plugins/orgs/index.js, create_orgs).
  description: z.string({ error: (iss) => (iss.input === undefined ? 'description is required' : 'description must be a string') }).max(1024),
});

/** An organization as the API shows it. */
export const OrganizationResponse = z
  .object({ created_at: Instant, id: z.string(), name: z.string(), updated_at: Instant, role: z.string() })
  .meta({ id: 'Organization' });

/** Wire shape of an organization. */
export function presentOrganization(o: Organization): z.infer<typeof OrganizationResponse> {
  return { created_at: o.created_at.toISOString(), id: o.id, name: o.name, updated_at: o.updated_at.toISOString(), role: 'admin' };
}

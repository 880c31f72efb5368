import { z } from 'zod';
import type { Region } from '../../foundation/domain/catalog.js';
import type { Site } from '../domain/sites.js';
import { IdName, Instant, requiredString, Uuid } from '../../../kernel/schemas.js';

/** POST /sites body; `regoin` is the seed example's spelling of `region`. */
export const SiteCreate = z.object({
  domain: requiredString('domain').max(253),
  region: z.string({ error: 'region must be a string' }).min(1, 'region must not be empty').optional(),
  regoin: z.string({ error: 'region must be a string' }).min(1).optional(),
  internal: z.boolean({ error: 'The value of internal must be a boolean value.' }).nullable().optional(),
});

/** A site as the API shows it. */
export const SiteResponse = z
  .object({ id: Uuid, domain: z.string(), region: IdName, created_at: Instant, updated_at: Instant, compliance: z.array(z.string()) })
  .meta({ id: 'Site' });

/** Wire shape of a site; `region` is the catalog entry (id and name). */
export function presentSite(site: Site, region: Pick<Region, 'id' | 'name'> | undefined): z.infer<typeof SiteResponse> {
  return {
    id: site.id,
    domain: site.domain,
    region: { id: region?.id ?? '', name: region?.name ?? site.region },
    created_at: site.created_at.toISOString(),
    updated_at: site.updated_at.toISOString(),
    compliance: site.internal ? ['internal'] : [],
  };
}

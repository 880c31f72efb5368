import { z } from 'zod';
import type { PlatformCatalog, Region, Size, Stack } from '../domain/catalog.js';
import { IdName, Instant } from '../../../kernel/schemas.js';

/** A region as the API shows it (the seed spells `high_availiability`). */
export const RegionResponse = z
  .object({
    country: z.string(),
    created_at: Instant,
    description: z.string(),
    id: z.string(),
    locale: z.string(),
    name: z.string(),
    private_capable: z.boolean(),
    provider: z.object({ name: z.string(), region: z.string(), availability_zones: z.array(z.string()) }),
    high_availiability: z.boolean(),
    updated_at: Instant,
  })
  .meta({ id: 'Region' });

/** A stack as the API shows it. */
export const StackResponse = z
  .object({ created_at: Instant, id: z.string(), name: z.string(), region: IdName, updated_at: Instant })
  .meta({ id: 'Stack' });

/** A dyno size as the API shows it. */
export const SizeResponse = z
  .object({
    name: z.string(),
    resources: z.object({ requests: z.object({ memory: z.string() }), limits: z.object({ memory: z.string() }) }),
    price: z.number(),
  })
  .meta({ id: 'Size' });

/** Wire shape of a region. */
export function presentRegion(r: Region, c: PlatformCatalog): z.infer<typeof RegionResponse> {
  const at = c.definedAt.toISOString();
  return {
    country: r.country,
    created_at: at,
    description: r.description,
    id: r.id,
    locale: r.locale,
    name: r.name,
    private_capable: r.private_capable,
    provider: r.provider,
    high_availiability: r.high_availability,
    updated_at: at,
  };
}

/** Wire shape of a stack. */
export function presentStack(s: Stack, c: PlatformCatalog): z.infer<typeof StackResponse> {
  const region = c.regions.find((r) => r.name === s.region)!;
  const at = c.definedAt.toISOString();
  return { created_at: at, id: s.id, name: s.name, region: { id: region.id, name: region.name }, updated_at: at };
}

/** Wire shape of a size. */
export function presentSize(s: Size): z.infer<typeof SizeResponse> {
  return { name: s.name, resources: { requests: { memory: s.memory }, limits: { memory: s.memory } }, price: s.price ?? 0 };
}

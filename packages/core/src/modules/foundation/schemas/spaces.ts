import { z } from 'zod';
import type { PlatformCatalog } from '../domain/catalog.js';
import type { Space } from '../domain/records.js';
import { IdName, Instant, requiredString } from '../../../kernel/schemas.js';

const Compliance = z.array(z.string().regex(/^[a-z0-9-]{1,32}$/, 'compliance entries are lowercase names')).max(16);

/** POST /spaces body. */
export const SpaceCreate = z.object({
  name: requiredString('name').max(32),
  description: z.string().max(1024).optional(),
  compliance: Compliance.optional(),
  stack: z.string().min(1).optional(),
});

/** PATCH /spaces/{space} body: compliance and description only. */
export const SpaceUpdate = z.object({
  description: z.string().max(1024).optional(),
  compliance: Compliance.optional(),
});

/** A space as the API shows it. */
export const SpaceResponse = z
  .object({
    compliance: z.array(z.string()),
    created_at: Instant,
    description: z.string(),
    id: z.string(),
    name: z.string(),
    region: IdName,
    stack: IdName,
    state: z.string(),
    updated_at: Instant,
    // Beyond the seed: how many apps the space holds, as the reference controller answers and the Akkeris CLI
    // prints (plugins/spaces/index.js: format_space, info_spaces).
    apps: z.number().int(),
  })
  .meta({ id: 'Space' });

/** Wire shape of a space holding `apps` apps. */
export function presentSpace(s: Space, c: PlatformCatalog, apps = 0): z.infer<typeof SpaceResponse> {
  const stack = c.stacks.find((x) => x.name === s.stack) ?? { id: '', name: s.stack, region: '' };
  const region = c.regions.find((r) => r.name === stack.region) ?? { id: '', name: stack.region };
  return {
    compliance: s.compliance,
    created_at: s.created_at.toISOString(),
    description: s.description,
    id: s.id,
    name: s.name,
    region: { id: region.id, name: region.name },
    stack: { id: stack.id, name: stack.name },
    state: s.state,
    updated_at: s.updated_at.toISOString(),
    apps,
  };
}

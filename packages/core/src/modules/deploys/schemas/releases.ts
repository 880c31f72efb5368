import { z } from 'zod';
import type { Release } from '../domain/deploys.js';
import type { AppView } from '../../foundation/domain/records.js';
import { Instant, Uuid } from '../../../kernel/schemas.js';

/** POST /apps/{app}/releases body: a slug (or build id) to release, or a release to roll back to. */
export const ReleaseCreate = z.object({
  slug: z.string({ error: 'slug must be a string' }).min(1, 'slug must not be empty').max(100).optional(),
  release: z.string({ error: 'release must be a string' }).min(1, 'release must not be empty').max(100).optional(),
  description: z.string({ error: 'description must be a string' }).max(1000).optional(),
});

/** A release as the API shows it. */
export const ReleaseResponse = z
  .object({
    app: z.object({ id: Uuid, name: z.string() }),
    created_at: Instant,
    description: z.string(),
    slug: z.object({ id: z.string() }),
    id: Uuid,
    status: z.string(),
    user: z.object({ id: z.string(), email: z.string() }),
    version: z.number().int(),
    current: z.boolean(),
  })
  .meta({ id: 'Release' });

/** Wire shape of a release. */
export function presentRelease(r: Release, v: AppView, current: boolean): z.infer<typeof ReleaseResponse> {
  return {
    app: { id: v.app.id, name: v.app.name },
    created_at: r.created_at.toISOString(),
    description: r.description,
    slug: { id: r.slug_id },
    id: r.id,
    status: r.status,
    user: { id: r.user_id, email: r.user_email },
    version: r.version,
    current,
  };
}

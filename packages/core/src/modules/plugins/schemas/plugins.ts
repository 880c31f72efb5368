import { z } from 'zod';
import type { Plugin } from '../domain/plugins.js';
import { Instant, requiredString, Uuid } from '../../../kernel/schemas.js';

const Email = z.email({ error: 'email must be an email address' }).max(254);

/** POST /plugins body. */
export const PluginCreate = z.object({
  name: requiredString('name').max(128),
  repo: requiredString('repo').max(2048),
  owner: requiredString('owner').max(256),
  email: Email,
  description: z.string({ error: 'description must be a string' }).max(4096).optional(),
});

/** PATCH /plugins/{plugin} body: any subset of the mutable fields. */
export const PluginUpdate = z.object({
  repo: z.string({ error: 'repo must be a string' }).min(1).max(2048).optional(),
  owner: z.string({ error: 'owner must be a string' }).min(1).max(256).optional(),
  email: Email.optional(),
  description: z.string({ error: 'description must be a string' }).max(4096).optional(),
});

/** A plugin as the seed shows it. */
export const PluginResponse = z
  .object({
    created_at: Instant,
    id: Uuid,
    name: z.string(),
    description: z.string(),
    owner: z.object({ name: z.string(), email: z.string() }),
    repo: z.string(),
    updated_at: Instant,
  })
  .meta({ id: 'Plugin' });

/** Wire shape of a plugin. */
export function presentPlugin(p: Plugin): z.infer<typeof PluginResponse> {
  return {
    created_at: p.created_at.toISOString(),
    id: p.id,
    name: p.name,
    description: p.description,
    owner: { name: p.owner_name, email: p.owner_email },
    repo: p.repo,
    updated_at: p.updated_at.toISOString(),
  };
}

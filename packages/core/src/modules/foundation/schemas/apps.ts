import { z } from 'zod';
import { appWebUrl, type PlatformCatalog } from '../domain/catalog.js';
import { appKey } from '../domain/names.js';
import type { AppView } from '../domain/records.js';
import { IdName, Instant, iso, requiredString } from '../../../kernel/schemas.js';

/** POST /apps body. */
export const AppCreate = z.object({
  org: requiredString('org').max(32),
  name: requiredString('name').max(30),
  space: requiredString('space').max(32),
  // Sent by the Akkeris CLI's apps:create -d (plugins/apps/index.js, create).
  description: z.string({ error: 'description must be a string' }).max(1024).optional(),
});

/** PATCH /apps/{app} body: maintenance and description; name and build_stack are placeholders that must not change. */
export const AppUpdate = z.object({
  maintenance: z.boolean({ error: 'maintenance must be a boolean' }).optional(),
  // The Akkeris CLI's apps:update -d (plugins/apps/index.js, update).
  description: z.string({ error: 'description must be a string' }).max(1024).optional(),
  name: z.string().optional(),
  build_stack: z.string().optional(),
});

/** An app as the API shows it. */
export const AppResponse = z
  .object({
    archived_at: Instant,
    buildpack_provided_description: z.string(),
    build_stack: IdName,
    created_at: Instant,
    git_url: z.string(),
    id: z.string(),
    maintenance: z.boolean(),
    name: z.string(),
    key: z.string(),
    owner: z.object({ email: z.string(), id: z.string() }),
    organization: IdName,
    preview: z.object({ id: z.string() }).nullable(),
    region: IdName,
    released_at: Instant.nullable(),
    repo_size: z.number(),
    slug_size: z.number(),
    space: z.object({ id: z.string(), name: z.string(), compliance: z.string() }),
    stack: IdName,
    updated_at: Instant,
    web_url: z.string(),
    // Beyond the seed, read by the Akkeris CLI (plugins/apps/index.js: format_app, info).
    simple_name: z.string().describe('the app name without its space'),
    description: z.string(),
    image: z.string().describe('image of the last release; empty before the first'),
  })
  .meta({ id: 'App' });

/** DELETE /apps/{app} answer: the app plus `result`. */
export const AppDeleteResponse = AppResponse.extend({ result: z.string() }).meta({ id: 'AppDeleted' });

/** Wire shape of an app. */
export function presentApp(v: AppView, c: PlatformCatalog, preview: string | null = null): z.infer<typeof AppResponse> {
  const { app, space, organization } = v;
  const stack = c.stacks.find((s) => s.name === space.stack) ?? { id: '', name: space.stack, region: '' };
  const region = c.regions.find((r) => r.name === stack.region) ?? { id: '', name: stack.region };
  const key = appKey(app.name, space.name);
  return {
    archived_at: app.created_at.toISOString(),
    buildpack_provided_description: 'default',
    build_stack: { id: stack.id, name: stack.name },
    created_at: app.created_at.toISOString(),
    git_url: '',
    id: app.id,
    maintenance: app.maintenance,
    name: app.name,
    key,
    owner: { email: app.owner_email, id: app.owner_id },
    organization: { id: organization.id, name: organization.name },
    preview: preview ? { id: preview } : null,
    region: { id: region.id, name: region.name },
    released_at: iso(app.released_at),
    repo_size: 0,
    slug_size: 0,
    space: { id: space.id, name: space.name, compliance: space.compliance.join(',') },
    stack: { id: stack.id, name: stack.name },
    updated_at: app.updated_at.toISOString(),
    web_url: appWebUrl(key, c),
    simple_name: app.name,
    description: app.description ?? '',
    image: app.image ?? '',
  };
}

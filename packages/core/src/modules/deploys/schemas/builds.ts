import { z } from 'zod';
import type { Build, Slug } from '../domain/deploys.js';
import { appKey } from '../../foundation/domain/names.js';
import type { AppView } from '../../foundation/domain/records.js';
import { parseSourceUrl, redactUrl } from '../domain/source.js';
import { Instant, requiredString, Uuid } from '../../../kernel/schemas.js';

const optionalText = (field: string) => z.string({ error: `${field} must be a string` }).max(1024).optional();

/** POST /apps/{app}/builds body (the seed's fields; url and checksum are what a build needs). */
export const BuildCreate = z.object({
  url: requiredString('url').max(1024 * 1024),
  checksum: requiredString('checksum').max(100),
  org: optionalText('org'),
  repo: optionalText('repo'),
  sha: optionalText('sha'),
  branch: optionalText('branch'),
  version: optionalText('version'),
});

const SourceBlob = z.object({ checksum: z.string(), url: z.string(), version: z.string().nullable(), commit: z.string().nullable() });

/** A build as the API shows it (the seed's list/get shape; `app` also carries the create example's `key`). */
export const BuildResponse = z
  .object({
    app: z.object({ id: Uuid, name: z.string(), key: z.string() }),
    buildpacks: z.null(),
    created_at: Instant,
    id: Uuid,
    output_stream_url: z.string(),
    source_blob: SourceBlob,
    release: z.object({ id: Uuid }).nullable(),
    slug: z.object({ id: Uuid }).nullable(),
    status: z.enum(['pending', 'succeeded', 'failed', 'stopped']),
    updated_at: Instant,
    user: z.object({ id: z.string(), email: z.string() }),
  })
  .meta({ id: 'Build' });

/** GET /apps/{app}/builds/{id}/result. */
export const BuildResultResponse = z
  .object({ build: z.object({ id: z.string(), status: z.string() }), lines: z.array(z.string()) })
  .meta({ id: 'BuildResult' });

/** A slug: nearly a build's shape (per the seed), plus its image and process types. */
export const SlugResponse = BuildResponse.extend({
  app: z.object({ id: z.string(), name: z.string(), key: z.string() }).partial(),
  image: z.string(),
  process_types: z.record(z.string(), z.string()),
}).meta({ id: 'Slug' });

/** The URL shown for a source: never a data: payload, credentials or a query string. */
function shownUrl(url: string | null): string {
  if (!url) return '';
  try {
    const loc = parseSourceUrl(url);
    if (loc.kind === 'image') return url;
    if (loc.kind === 'remote') return redactUrl(loc.url);
  } catch {
    // Unparseable URLs were refused at create time; show nothing rather than fail a read.
  }
  return '';
}

/** Wire shape of a build. */
export function presentBuild(b: Build, v: AppView): z.infer<typeof BuildResponse> {
  const key = appKey(v.app.name, v.space.name);
  return {
    app: { id: v.app.id, name: v.app.name, key },
    buildpacks: null,
    created_at: b.created_at.toISOString(),
    id: b.id,
    output_stream_url: `/apps/${key}/builds/${b.id}/result`,
    source_blob: { checksum: b.source.checksum, url: shownUrl(b.source.url), version: b.source.version, commit: b.source.commit },
    release: b.release_id ? { id: b.release_id } : null,
    slug: b.slug_id ? { id: b.slug_id } : null,
    status: b.status,
    updated_at: b.updated_at.toISOString(),
    user: { id: b.user_id, email: b.user_email },
  };
}

/** Wire shape of a build's logs. */
export function presentBuildResult(b: Build, lines: string[]): z.infer<typeof BuildResultResponse> {
  return { build: { id: b.id, status: b.status }, lines };
}

/** Wire shape of a slug (with its build's fields while the build still exists). */
export function presentSlug(s: Slug, b: Build | null, v: AppView | null): z.infer<typeof SlugResponse> {
  const base = b && v ? presentBuild(b, v) : null;
  return {
    ...(base ?? {
      buildpacks: null,
      created_at: s.created_at.toISOString(),
      output_stream_url: '',
      source_blob: { checksum: s.checksum, url: '', version: null, commit: null },
      release: null,
      status: 'succeeded' as const,
      updated_at: s.created_at.toISOString(),
      user: { id: '', email: '' },
    }),
    app: base ? base.app : { id: s.app_id },
    id: s.id,
    slug: { id: s.id },
    image: s.image,
    process_types: s.process_types,
  };
}

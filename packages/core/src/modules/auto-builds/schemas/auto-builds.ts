import { z } from 'zod';
import type { AppView } from '../../foundation/domain/records.js';
import type { AutoBuild, Preview } from '../domain/auto-builds.js';
import { IdName, Instant, requiredString } from '../../../kernel/schemas.js';

const Flag = (field: string) => z.boolean({ error: `${field} must be true or false` }).optional();

/** POST /apps/{app}/builds/auto body. The token is used for this one call and never stored. */
export const AutoBuildCreate = z.object({
  repo: requiredString('repo').max(2048),
  branch: requiredString('branch').max(255),
  status_check: Flag('status_check'),
  auto_deploy: Flag('auto_deploy'),
  username: requiredString('username').max(255),
  token: requiredString('token').max(1024),
});

/** An app's auto build/deploy hook as the seed shows it (the secret and the token never appear). */
export const AutoBuildResponse = z
  .object({
    app: IdName,
    auto_deploy: z.boolean(),
    branch: z.string(),
    created_at: Instant,
    id: z.string(),
    organization: IdName,
    repo: z.string(),
    site: z.string(),
    space: IdName,
    status_check: z.boolean(),
    updated_at: Instant,
    username: z.string(),
  })
  .meta({ id: 'AutoBuild' });

/** `{ "status": "successful" }`, the seed's answer to creating and removing an auto build. */
export const AutoBuildStatus = z.object({ status: z.literal('successful') }).meta({ id: 'AutoBuildStatus' });

/** What the public callback answers: what the delivery did (GitHub shows it in the hook's delivery log). */
export const AutoBuildCallbackResponse = z.object({ status: z.string(), detail: z.string() }).meta({ id: 'AutoBuildCallback' });

/** A preview app of a source app, as `GET /apps/{app}/previews` lists it. */
export const PreviewResponse = z
  .object({
    id: z.string(),
    app: z.object({ id: z.string() }),
    source: z.object({
      app: IdName,
      'app-setup': z.object({ id: z.string() }).nullable(),
      trigger: z.object({ type: z.string(), id: z.string() }),
    }),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: 'Preview' });

/** Wire shape of an auto build. */
export function presentAutoBuild(ab: AutoBuild, view: AppView): z.infer<typeof AutoBuildResponse> {
  return {
    app: { id: view.app.id, name: `${view.app.name}-${view.space.name}` },
    auto_deploy: ab.auto_deploy,
    branch: ab.branch,
    created_at: ab.created_at.toISOString(),
    id: ab.id,
    organization: { id: view.organization.id, name: view.organization.name },
    repo: ab.repo,
    site: ab.site,
    space: { id: view.space.id, name: view.space.name },
    status_check: ab.status_check,
    updated_at: ab.updated_at.toISOString(),
    username: ab.username,
  };
}

/** Wire shape of a preview. */
export function presentPreview(p: Preview, source: AppView): z.infer<typeof PreviewResponse> {
  return {
    id: p.id,
    app: { id: p.app_id },
    source: {
      app: { id: source.app.id, name: `${source.app.name}-${source.space.name}` },
      'app-setup': p.app_setup_id ? { id: p.app_setup_id } : null,
      trigger: { type: 'github-pull-request', id: p.branch },
    },
    created_at: p.created_at.toISOString(),
    updated_at: p.updated_at.toISOString(),
  };
}

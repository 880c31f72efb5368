import { z } from 'zod';
import { Instant } from '../../../kernel/schemas.js';
import { setupProgress, type AppSetup } from '../domain/app-setups.js';
import type { Build } from '../../deploys/domain/deploys.js';

/** POST /app-setups body: the seed's blueprint (or a Heroku app.json with app and source_blob); checked whole by the service. */
export const AppSetupCreate = z
  .object({
    // Fields are typed loosely on purpose: the service reads them all and reports every problem at once.
    app: z.unknown().describe('{ name, organization (or org), space, stack? }'),
    env: z.unknown().describe('{ KEY: { value, required, description } | "value" | { generator: "secret" } }'),
    formation: z.unknown().describe('{ type: { quantity, size, port, command, health-check } } or [{ type, ... }]'),
    addons: z.unknown().describe('{ service: { plan } } or ["service:plan" | { plan, as }]'),
    attachments: z.unknown().describe('[{ id | name, app }]'),
    source_blob: z.unknown().describe('{ url, checksum (sha256:..., for archives), version }'),
    'log-drains': z.unknown().describe('[{ url, token }]'),
    'pipeline-couplings': z.unknown().describe('[{ pipeline, stage }]'),
    scripts: z.unknown().describe('{ postdeploy: "command" | { command } }'),
    overrides: z.unknown().describe('{ env: { KEY: "value" } } (Heroku)'),
  })
  .partial()
  .passthrough()
  .describe('A blueprint; every problem is reported at once in manifest_errors (422)');

/** The wire shape of an app setup. */
export const AppSetupResponse = z
  .object({
    id: z.string(),
    created_at: Instant,
    updated_at: Instant,
    app: z.object({ id: z.string(), name: z.string() }),
    progress: z.number(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    failure_message: z.string(),
    manifest_errors: z.array(z.string()),
    postdeploy: z.object({ exit_code: z.number().nullable(), output: z.string() }).nullable(),
    resolved_success_url: z.string(),
    build: z.object({ id: z.string().nullable(), status: z.string(), output_stream_url: z.string().nullable() }),
  })
  .meta({ id: 'AppSetup' });

/** The wire shape of a blueprint (GET /apps/{app}/app-setups), the same as the POST /app-setups body. */
export const BlueprintResponse = z
  .object({
    app: z.object({ locked: z.boolean(), name: z.string(), organization: z.string(), region: z.string(), personal: z.boolean(), space: z.string(), stack: z.string() }),
    env: z.record(z.string(), z.object({ description: z.string(), required: z.boolean(), value: z.string().optional() })),
    formation: z.record(z.string(), z.object({ quantity: z.number(), size: z.string(), command: z.string().nullable(), port: z.number().nullable().optional(), healthcheck: z.string().nullable().optional() })),
    addons: z.record(z.string(), z.object({ plan: z.string(), as: z.string().optional() })),
    attachments: z.array(z.object({ name: z.string(), app: z.string(), id: z.string() })),
    source_blob: z.object({ checksum: z.string(), url: z.string(), version: z.string().nullable() }).nullable(),
    'log-drains': z.array(z.object({ url: z.string(), token: z.string() })),
    'pipeline-couplings': z.array(z.object({ pipeline: z.string(), stage: z.string() })),
    sites: z.record(z.string(), z.object({ routes: z.array(z.object({ source_path: z.string(), target_path: z.string() })) })),
  })
  .meta({ id: 'Blueprint' });

/** Build statuses as the seed's app setup shows them (`queued` until the job started one). */
function buildStatus(b: Build | null): string {
  if (!b) return 'queued';
  return b.status;
}

/** A setup in the seed's shape; `build` is the setup's build once started, with the URL of its log. */
export function presentAppSetup(s: AppSetup, build: Build | null, appKey: string | null) {
  return {
    id: s.id,
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
    app: { id: s.app_id, name: s.app_name },
    progress: setupProgress(s),
    status: s.status,
    failure_message: s.failure_message,
    manifest_errors: [] as string[],
    postdeploy: s.postdeploy,
    resolved_success_url: '',
    build: { id: build?.id ?? null, status: buildStatus(build), output_stream_url: build && appKey ? `/apps/${appKey}/builds/${build.id}/result` : null },
  };
}

import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { SecretBox } from '../../kernel/secrets.js';
import { STORE } from '../../kernel/store.js';
import { UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { BuildService } from '../deploys/services/builds.js';
import { APP_CLEANUPS } from '../foundation/services/apps.js';
import { PLATFORM_CATALOG } from '../foundation/services/catalog.js';
import { SOURCE_CONTROL } from '../source-control/source-control.js';
import { AutoBuildSecrets } from './domain/auto-build-secrets.js';
import { autoBuildRoutes } from './operations/auto-builds.js';
import { autoBuildHandler, autoBuildWatchHandler } from './services/auto-build-jobs.js';
import { AutoBuildService } from './services/auto-builds.js';
import { DEFAULT_MAX_CALLBACK_BYTES, type AutoBuildOptions } from './services/options.js';
import { previewHandler, previewSetupWatchHandler } from './services/preview-jobs.js';
import { PreviewService, previewOfApps, removeAutoBuilds } from './services/previews.js';
import { APP_PREVIEW_LOOKUPS } from '../foundation/services/app-previews.js';

/**
 * Source-control auto builds and preview apps: the repository hook of an app (registered with a user's token used
 * once), the signed public callback, durable jobs that wait for checks, build pushed commits from their archives,
 * release them (auto_deploy) and report back as commit statuses, and preview apps for pull requests.
 */
export function autoBuilds(options: AutoBuildOptions): PlatformModule {
  return {
    name: 'auto-builds',
    dependsOn: ['deploys'],
    operations: autoBuildRoutes(options.maxCallbackBytes ?? DEFAULT_MAX_CALLBACK_BYTES),
    register(ctx) {
      const c = ctx.container;
      const secrets = new AutoBuildSecrets(options.secretKey === undefined ? null : new SecretBox(options.secretKey));
      c.register(SOURCE_CONTROL, { useValue: options.sourceControl });
      c.register(AutoBuildService, { useFactory: instanceCachingFactory((r) => new AutoBuildService(r.resolve(UNIT_OF_WORK), options, secrets)) });
      c.register(PreviewService, { useFactory: instanceCachingFactory((r) => new PreviewService(r.resolve(UNIT_OF_WORK))) });
      ctx.extend(APP_CLEANUPS).push(removeAutoBuilds);
      ctx.extend(APP_PREVIEW_LOOKUPS).push(previewOfApps);
      const store = c.resolve(STORE);
      ctx.jobs.register(autoBuildHandler(store, ctx.uow, () => c.resolve(BuildService), options));
      ctx.jobs.register(autoBuildWatchHandler(store, ctx.uow, options));
      ctx.jobs.register(previewHandler(store, ctx.uow, c, c.resolve(PLATFORM_CATALOG), options));
      ctx.jobs.register(previewSetupWatchHandler(store, ctx.uow, options));
    },
  };
}

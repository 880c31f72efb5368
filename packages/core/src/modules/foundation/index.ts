import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { TRANSACTIONAL_SUBSCRIBERS, UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { buildCatalog, type CatalogOptions } from './domain/catalog.js';
import { APP_CLEANUPS, AppService } from './services/apps.js';
import { APP_PREVIEW_LOOKUPS, AppPreviewService } from './services/app-previews.js';
import { AuditService, recordAudit } from './services/audits.js';
import { CatalogService, PLATFORM_CATALOG } from './services/catalog.js';
import { CONFIG_CHANGE_HOOKS, CONFIG_SOURCES } from './services/config-sources.js';
import { ConfigVarService } from './services/config-vars.js';
import { FavoriteService } from './services/favorites.js';
import { FeatureService } from './services/features.js';
import { OrganizationService } from './services/organizations.js';
import { SpaceService } from './services/spaces.js';
import { appRoutes } from './operations/apps.js';
import { auditRoutes } from './operations/audits.js';
import { catalogRoutes } from './operations/catalog.js';
import { configVarRoutes } from './operations/config-vars.js';
import { favoriteRoutes } from './operations/favorites.js';
import { featureRoutes } from './operations/features.js';
import { organizationRoutes } from './operations/organizations.js';
import { spaceRoutes } from './operations/spaces.js';

/** What the foundation is configured with. */
export interface FoundationOptions {
  /** Regions, stacks, sizes, features and the apps domain; defaults make a bare install work. */
  catalog?: CatalogOptions;
}

/**
 * Orgs, regions, stacks, sizes, spaces, apps, config vars, features and audits, plus the extension points later
 * modules contribute to (app cleanups, config sources, config-change hooks). `createPlatform` always installs it first.
 */
export function foundation(options: FoundationOptions = {}): PlatformModule {
  return {
    name: 'foundation',
    operations: [...organizationRoutes, ...catalogRoutes, ...spaceRoutes, ...appRoutes, ...configVarRoutes, ...featureRoutes, ...auditRoutes, ...favoriteRoutes],
    register(ctx) {
      const c = ctx.container;
      c.register(PLATFORM_CATALOG, { useValue: buildCatalog(options.catalog) });
      ctx.extend(TRANSACTIONAL_SUBSCRIBERS).unshift(recordAudit);
      ctx.extend(APP_CLEANUPS);
      ctx.extend(CONFIG_SOURCES);
      ctx.extend(CONFIG_CHANGE_HOOKS);
      ctx.extend(APP_PREVIEW_LOOKUPS);
      c.register(CatalogService, { useFactory: instanceCachingFactory((r) => new CatalogService(r.resolve(PLATFORM_CATALOG))) });
      c.register(OrganizationService, { useFactory: instanceCachingFactory((r) => new OrganizationService(r.resolve(UNIT_OF_WORK))) });
      c.register(SpaceService, { useFactory: instanceCachingFactory((r) => new SpaceService(r.resolve(UNIT_OF_WORK), r.resolve(CatalogService), r.resolve(CONFIG_CHANGE_HOOKS))) });
      c.register(AppService, { useFactory: instanceCachingFactory((r) => new AppService(r.resolve(UNIT_OF_WORK), r.resolve(APP_CLEANUPS))) });
      c.register(ConfigVarService, { useFactory: instanceCachingFactory((r) => new ConfigVarService(r.resolve(UNIT_OF_WORK), r.resolve(CONFIG_SOURCES), r.resolve(CONFIG_CHANGE_HOOKS))) });
      c.register(FeatureService, { useFactory: instanceCachingFactory((r) => new FeatureService(r.resolve(UNIT_OF_WORK), r.resolve(CatalogService))) });
      c.register(AppPreviewService, { useFactory: instanceCachingFactory((r) => new AppPreviewService(r.resolve(UNIT_OF_WORK), r.resolve(APP_PREVIEW_LOOKUPS))) });
      c.register(FavoriteService, { useFactory: instanceCachingFactory((r) => new FavoriteService(r.resolve(UNIT_OF_WORK))) });
      c.register(AuditService, { useFactory: instanceCachingFactory((r) => new AuditService(r.resolve(UNIT_OF_WORK))) });
      ctx.lifecycle.onStart(() => c.resolve(SpaceService).ensureDefault());
    },
  };
}

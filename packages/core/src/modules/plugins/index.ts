import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { pluginRoutes } from './operations/plugins.js';
import { PluginService } from './services/plugins.js';

/** The CLI plugin registry: `/plugins` create, list, get, update, delete. */
export function plugins(): PlatformModule {
  return {
    name: 'plugins',
    operations: pluginRoutes,
    register(ctx) {
      ctx.container.register(PluginService, { useFactory: instanceCachingFactory((r) => new PluginService(r.resolve(UNIT_OF_WORK))) });
    },
  };
}

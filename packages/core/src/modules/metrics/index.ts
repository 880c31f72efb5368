import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { RUNTIME_DRIVER } from '../deploys/ports/runtime-driver.js';
import { metricsRoutes } from './operations/metrics.js';
import { MetricsService } from './services/metrics.js';

/** `GET /apps/{app}/metrics` from the runtime's optional RuntimeMetrics capability (503 without it). */
export function metrics(): PlatformModule {
  return {
    name: 'metrics',
    operations: metricsRoutes,
    register(ctx) {
      const c = ctx.container;
      // Looked up per call, so the module may be listed before or after deploys.
      const runtime = () => (c.isRegistered(RUNTIME_DRIVER) ? c.resolve(RUNTIME_DRIVER) : undefined);
      c.register(MetricsService, { useFactory: instanceCachingFactory((r) => new MetricsService(r.resolve(UNIT_OF_WORK), runtime)) });
    },
  };
}

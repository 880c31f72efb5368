import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { STORE } from '../../kernel/store.js';
import { UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { RUNTIME_DRIVER } from '../deploys/ports/runtime-driver.js';
import { APP_CLEANUPS } from '../foundation/services/apps.js';
import type { LogDrainUrlPolicy } from './domain/log-drains.js';
import { LOG_DRAIN_TRANSPORT, type LogDrainTransport } from './log-drain-transport.js';
import { logDrainRoutes } from './operations/log-drains.js';
import { DrainForwarder, type DrainForwarderOptions } from './services/drain-forwarder.js';
import { LogDrainService, removeAppDrains } from './services/log-drains.js';

/** Settings of the log drains module. */
export interface LogDrainOptions extends LogDrainUrlPolicy, DrainForwarderOptions {
  /** Delivers lines to drains; without one, drains are recorded but nothing is forwarded. */
  transport?: LogDrainTransport;
}

/**
 * Log drains of apps: `/apps/{app}/log-drains`, the `logdrain_change` webhook, and forwarding of dyno output (from
 * the runtime, when one is registered) and platform lines (builds, releases, scaling, crashes) to every drain.
 */
export function logDrains(options: LogDrainOptions = {}): PlatformModule {
  return {
    name: 'log-drains',
    operations: logDrainRoutes,
    register(ctx) {
      const c = ctx.container;
      c.register(LogDrainService, { useFactory: instanceCachingFactory((r) => new LogDrainService(r.resolve(UNIT_OF_WORK), options)) });
      ctx.extend(APP_CLEANUPS).push(removeAppDrains);
      const transport = options.transport;
      if (!transport) return;
      c.register(LOG_DRAIN_TRANSPORT, { useValue: transport });
      let forwarder: DrainForwarder | null = null;
      // Resolved at start, so the module may be listed before or after deploys.
      ctx.lifecycle.onStart(async () => {
        const runtime = c.isRegistered(RUNTIME_DRIVER) ? c.resolve(RUNTIME_DRIVER) : undefined;
        forwarder = new DrainForwarder(c.resolve(STORE), ctx.bus, transport, runtime, options);
        await forwarder.start();
      });
      ctx.lifecycle.onClose(async () => {
        await forwarder?.close();
      });
    },
  };
}

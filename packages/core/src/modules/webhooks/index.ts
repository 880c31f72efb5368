import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { LOGGER } from '../../kernel/logger.js';
import { STORE } from '../../kernel/store.js';
import { TELEMETRY } from '../../kernel/telemetry.js';
import { TRANSACTIONAL_SUBSCRIBERS, UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { APP_CLEANUPS } from '../foundation/services/apps.js';
import { hookRoutes } from './operations/hooks.js';
import { WEBHOOK_SENDER } from './ports/webhook-sender.js';
import { SecretBox } from '../../kernel/secrets.js';
import { HookSecrets } from './domain/hook-secrets.js';
import { HookService, hookDeliveryHandler, removeAppHooks, webhookOutboxFor, type WebhookOptions } from './services/webhooks.js';

/**
 * Hooks, the transactional outbox of deliveries and the durable delivery job. Without a sender, deliveries wait in
 * the outbox until a host provides one.
 */
export function webhooks(options: WebhookOptions = {}): PlatformModule {
  return {
    name: 'webhooks',
    operations: hookRoutes,
    register(ctx) {
      const c = ctx.container;
      const secrets = new HookSecrets(options.secretKey === undefined ? null : new SecretBox(options.secretKey));
      ctx.extend(TRANSACTIONAL_SUBSCRIBERS).push(webhookOutboxFor(secrets));
      ctx.extend(APP_CLEANUPS).push(removeAppHooks);
      c.register(HookService, { useFactory: instanceCachingFactory((r) => new HookService(r.resolve(UNIT_OF_WORK), options, secrets)) });
      if (options.sender) {
        c.register(WEBHOOK_SENDER, { useValue: options.sender });
        ctx.jobs.register(hookDeliveryHandler(c.resolve(STORE), c.resolve(WEBHOOK_SENDER), options, { logger: c.resolve(LOGGER), telemetry: c.resolve(TELEMETRY) }));
      }
    },
  };
}

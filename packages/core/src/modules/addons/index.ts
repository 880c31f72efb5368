import { instanceCachingFactory } from 'tsyringe';
import { ValidationError } from '../../errors.js';
import type { PollPolicy } from './domain/addons.js';
import { SecretBox } from '../../kernel/secrets.js';
import { ADDON_BROKERS, type AddonBroker } from './ports/addon-broker.js';
import { instrumentPort } from '../../kernel/instrument.js';
import { STORE } from '../../kernel/store.js';
import { TELEMETRY } from '../../kernel/telemetry.js';
import type { PlatformModule } from '../../kernel/module.js';
import { PLATFORM_CATALOG } from '../foundation/services/catalog.js';
import { APP_CLEANUPS } from '../foundation/services/apps.js';
import { CONFIG_CHANGE_HOOKS, CONFIG_SOURCES } from '../foundation/services/config-sources.js';
import { addonAttachmentRoutes, addonRoutes, addonServiceRoutes } from './operations/addons.js';
import type { AppCleanup } from '../foundation/services/apps.js';
import { addonCleanupHandler, addonProvisionHandler } from './services/addon-jobs.js';
import { appAddonVars, loadDetails, ownedAddons, removeAddon } from './services/addon-state.js';
import { AddonService, type AddonOptions } from './services/addons.js';
import type { ConfigSource } from '../foundation/services/config-sources.js';

/** What the addon feature is configured with. */
export interface AddonModuleOptions extends AddonOptions {
  /** Brokers addons come from; their names must be unique (they are stored with every addon). */
  brokers: AddonBroker[];
  /** Key sealing credentials at rest (32 bytes, hex or base64); required once there is a broker. */
  secretKey?: string | Uint8Array | undefined;
  /** Polling policy of provision and bind operations. */
  pollPolicy?: PollPolicy;
}

/**
 * The addon feature: AddonService, the provision and clean-up jobs, the config source that turns
 * credentials into vars, and the app-delete cleanup that deprovisions what the app owns.
 */
export function addons(options: AddonModuleOptions): PlatformModule {
  const names = new Set<string>();
  for (const b of options.brokers) {
    if (names.has(b.name)) throw new ValidationError(`two addon brokers are named "${b.name}"; broker names must be unique`, 'brokers');
    names.add(b.name);
  }
  if (options.brokers.length && options.secretKey === undefined) {
    throw new ValidationError('addon brokers need a secret key to seal credentials at rest', 'secretKey');
  }
  const box = options.secretKey === undefined ? null : new SecretBox(options.secretKey);
  return {
    name: 'addons',
    operations: [...addonServiceRoutes, ...addonRoutes, ...addonAttachmentRoutes],
    register(ctx) {
      const c = ctx.container;
      const hooks = ctx.extend(CONFIG_CHANGE_HOOKS);
      const telemetry = c.resolve(TELEMETRY);
      c.register(ADDON_BROKERS, { useValue: options.brokers.map((b) => instrumentPort(b, 'broker', telemetry)) });
      const brokers = c.resolve(ADDON_BROKERS);
      const deps = { store: c.resolve(STORE), uow: ctx.uow, brokers, box, hooks, ...(options.pollPolicy ? { pollPolicy: options.pollPolicy } : {}) };
      c.register(AddonService, { useFactory: instanceCachingFactory((r) => new AddonService(ctx.uow, r.resolve(ADDON_BROKERS), box, r.resolve(PLATFORM_CATALOG), hooks, ctx.jobs, options)) });
      ctx.jobs.register(addonProvisionHandler(deps));
      ctx.jobs.register(addonCleanupHandler(deps));
      const source: ConfigSource = { name: 'an addon', vars: (tx, view) => appAddonVars(tx, box, view) };
      ctx.extend(CONFIG_SOURCES).push(source);
      const cleanup: AppCleanup = async (tx, view, events) => {
        for (const addon of await ownedAddons(tx, view.app.id)) {
          await removeAddon(tx, events, hooks, await loadDetails(tx, box, addon), view.app.id);
        }
        for (const attachment of await tx.addonAttachments.byApp(view.app.id)) await tx.addonAttachments.delete(attachment.id);
      };
      // Before the hooks cleanup, which removes the subscriptions addon_change must still reach.
      ctx.extend(APP_CLEANUPS).unshift(cleanup);
    },
  };
}

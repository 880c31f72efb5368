import { instanceCachingFactory } from 'tsyringe';
import { ValidationError } from '../errors.js';
import type { PollPolicy } from '../domain/addons.js';
import { SecretBox } from '../domain/secrets.js';
import type { AddonBroker } from '../ports/addon-broker.js';
import { STORE } from '../ports/store.js';
import type { PlatformModule } from '../platform.js';
import type { AppCleanup } from './apps.js';
import { addonCleanupHandler, addonProvisionHandler } from './addon-jobs.js';
import { appAddonVars, loadDetails, ownedAddons, removeAddon } from './addon-state.js';
import { AddonService, type AddonOptions } from './addons.js';
import type { ConfigSource } from './config-sources.js';

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
export function addonsModule(options: AddonModuleOptions): PlatformModule {
  const names = new Set<string>();
  for (const b of options.brokers) {
    if (names.has(b.name)) throw new ValidationError(`two addon brokers are named "${b.name}"; broker names must be unique`, 'brokers');
    names.add(b.name);
  }
  if (options.brokers.length && options.secretKey === undefined) {
    throw new ValidationError('addon brokers need a secret key to seal credentials at rest', 'secretKey');
  }
  const box = options.secretKey === undefined ? null : new SecretBox(options.secretKey);
  return (ctx) => {
    const store = ctx.container.resolve(STORE);
    const deps = { store, uow: ctx.uow, brokers: options.brokers, box, hooks: ctx.configChangeHooks, ...(options.pollPolicy ? { pollPolicy: options.pollPolicy } : {}) };
    const service = new AddonService(ctx.uow, options.brokers, box, ctx.catalog.catalog, ctx.configChangeHooks, ctx.jobs, options);
    ctx.container.register(AddonService, { useFactory: instanceCachingFactory(() => service) });
    ctx.jobs.register(addonProvisionHandler(deps));
    ctx.jobs.register(addonCleanupHandler(deps));
    const source: ConfigSource = { name: 'an addon', vars: (tx, view) => appAddonVars(tx, box, view) };
    ctx.configSources.push(source);
    const cleanup: AppCleanup = async (tx, view, events) => {
      for (const addon of await ownedAddons(tx, view.app.id)) {
        await removeAddon(tx, events, ctx.configChangeHooks, await loadDetails(tx, box, addon), view.app.id);
      }
      for (const attachment of await tx.addonAttachments.byApp(view.app.id)) await tx.addonAttachments.delete(attachment.id);
    };
    // Before the hooks cleanup, which removes the subscriptions addon_change must still reach.
    ctx.cleanups.unshift(cleanup);
  };
}

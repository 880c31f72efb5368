import { afterEach, beforeEach, describe } from 'vitest';
import type { Store, StoreTx } from '@slipway/core';
import { addonsStoreSuite } from './addons.js';
import { certificatesStoreSuite } from './certificates.js';
import type { StoreCapabilities, StoreSuiteContext, StoreSuiteName } from './context.js';
import { deploysStoreSuite } from './deploys.js';
import { foundationStoreSuite } from './foundation.js';
import { app, org, space } from './fixtures.js';
import { identityStoreSuite } from './identity.js';
import { kernelStoreSuite } from './kernel.js';
import { routerStoreSuite } from './router.js';
import { webhooksStoreSuite } from './webhooks.js';
import { pipelinesStoreSuite } from './pipelines.js';
import { pluginsStoreSuite } from './plugins.js';
import { logDrainsStoreSuite } from './log-drains.js';
import { invoicesStoreSuite } from './invoices.js';
import { appSetupsStoreSuite } from './app-setups.js';
import { autoBuildsStoreSuite } from './auto-builds.js';

export type { StoreCapabilities, StoreSuiteContext, StoreSuiteName } from './context.js';

/** A fresh, empty store and how to dispose of it. */
export interface StoreFixture {
  store: Store;
  teardown(): Promise<void>;
}

/** Every sub-suite by module; a store declares the modules it implements in `capabilities.modules`. */
export const storeSuites: Record<StoreSuiteName, (ctx: StoreSuiteContext) => void> = {
  foundation: foundationStoreSuite,
  kernel: kernelStoreSuite,
  webhooks: webhooksStoreSuite,
  deploys: deploysStoreSuite,
  addons: addonsStoreSuite,
  router: routerStoreSuite,
  pipelines: pipelinesStoreSuite,
  certificates: certificatesStoreSuite,
  plugins: pluginsStoreSuite,
  'log-drains': logDrainsStoreSuite,
  invoices: invoicesStoreSuite,
  identity: identityStoreSuite,
  'app-setups': appSetupsStoreSuite,
  'auto-builds': autoBuildsStoreSuite,
};

/**
 * The behaviour every Store adapter must show, module by module. Call it from an adapter's test file with a
 * factory that builds a fresh, empty store per test; `capabilities.modules` limits it to the modules the store
 * implements (the foundation's are needed by all others, to seed apps).
 */
export function storeContract(name: string, factory: () => Promise<StoreFixture>, capabilities: StoreCapabilities = {}): void {
  describe(`Store contract: ${name}`, () => {
    let fixture: StoreFixture;
    beforeEach(async () => {
      fixture = await factory();
    });
    afterEach(async () => {
      await fixture.teardown();
    });
    const ctx: StoreSuiteContext = {
      store: () => fixture.store,
      tx: <T>(fn: (t: StoreTx) => Promise<T>) => fixture.store.transaction(fn),
      async seedApp(appName = 'web') {
        // The default app lives in `acme`/`prod`; others get their own org and space so several can be seeded.
        const suffix = appName === 'web' ? '' : appName;
        const o = org(`acme${suffix}`);
        const s = space(`prod${suffix}`);
        const a = app(appName, s, o);
        await fixture.store.transaction(async (t) => {
          await t.organizations.insert(o);
          await t.spaces.insert(s);
          await t.apps.insert(a);
        });
        return { o, s, a };
      },
      capabilities,
    };
    const modules = capabilities.modules ?? (Object.keys(storeSuites) as StoreSuiteName[]);
    for (const m of modules) describe(m, () => storeSuites[m](ctx));
  });
}

import type { MigrationObject } from '@mikro-orm/core';
import type { StoreTx } from '@slipway/core';
import { kernelStore } from './kernel/index.js';
import { addonsStore } from './modules/addons/index.js';
import { certificatesStore } from './modules/certificates/index.js';
import { deploysStore } from './modules/deploys/index.js';
import { foundationStore } from './modules/foundation/index.js';
import { identityStore } from './modules/identity/index.js';
import { webhooksStore } from './modules/webhooks/index.js';
import { routerStore } from './modules/router/index.js';
import { pipelinesStore } from './modules/pipelines/index.js';
import { pluginsStore } from './modules/plugins/index.js';
import { logDrainsStore } from './modules/log-drains/index.js';
import { invoicesStore } from './modules/invoices/index.js';
import { appSetupsStore } from './modules/app-setups/index.js';
import { autoBuildsStore } from './modules/auto-builds/index.js';
import type { RepositoryFactory, StoreModule } from './store-module.js';

/**
 * Every module this adapter stores, in migration order (foundation first: later tables reference apps). The one list
 * a new module's Store part is added to; its repositories and migrations stay in its own folder.
 */
export const storeModules: StoreModule[] = [foundationStore, webhooksStore, deploysStore, addonsStore, kernelStore, routerStore, pipelinesStore, certificatesStore, logDrainsStore, pluginsStore, invoicesStore, identityStore, appSetupsStore, autoBuildsStore];


/** Every migration of every module, in order; in code so nothing scans the disk and dist/ works as is. */
export const migrationsList: MigrationObject[] = storeModules.flatMap((m) => m.migrations);

/** Every repository factory by its StoreTx name; a name claimed by two modules is a programming error. */
export const repositoryFactories: Array<[keyof StoreTx, RepositoryFactory]> = (() => {
  const seen = new Map<string, string>();
  const out: Array<[keyof StoreTx, RepositoryFactory]> = [];
  for (const m of storeModules) {
    for (const [name, make] of Object.entries(m.repositories)) {
      if (seen.has(name)) throw new Error(`store modules ${seen.get(name)} and ${m.name} both define the repository "${name}"`);
      seen.set(name, m.name);
      out.push([name as keyof StoreTx, make as RepositoryFactory]);
    }
  }
  return out;
})();

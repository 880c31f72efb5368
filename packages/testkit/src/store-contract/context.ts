import type { Organization, Space, App, Store, StoreTx } from '@slipway/core';

/** Guarantees beyond the port's minimum that a driver may declare to run the tests that need them. */
export interface StoreCapabilities {
  /** Claimers in concurrent open transactions pass over each other's locked jobs (SKIP LOCKED). */
  skipLocked?: boolean;
  /** Modules whose repositories the store implements (default: every one the suite knows). */
  modules?: StoreSuiteName[];
}

/** The sub-suites, one per core module plus the kernel's. */
export type StoreSuiteName = 'foundation' | 'kernel' | 'webhooks' | 'deploys' | 'addons' | 'router' | 'pipelines' | 'certificates' | 'plugins' | 'log-drains' | 'invoices' | 'identity' | 'app-setups' | 'auto-builds';

/** What every sub-suite gets from the harness: the current test's store and seeding helpers. */
export interface StoreSuiteContext {
  /** The fresh store of the running test. */
  store(): Store;
  /** Runs `fn` in a transaction of the current store. */
  tx<T>(fn: (t: StoreTx) => Promise<T>): Promise<T>;
  /** An org, a space and an app in it, committed. */
  seedApp(appName?: string): Promise<{ o: Organization; s: Space; a: App }>;
  capabilities: StoreCapabilities;
}

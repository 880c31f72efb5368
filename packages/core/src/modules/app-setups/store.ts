import type { AppSetup } from './domain/app-setups.js';

declare module '../../kernel/store.js' {
  /** The app-setups module's repositories, present in every unit of work. */
  interface StoreTx {
    appSetups: AppSetupRepo;
  }
}

/** App setups by id; an app has at most the one setup that created it. */
export interface AppSetupRepo {
  /** Inserts a setup. */
  insert(setup: AppSetup): Promise<void>;
  /** One setup by id. */
  get(id: string): Promise<AppSetup | null>;
  /** The setup that created an app, if any. */
  byApp(appId: string): Promise<AppSetup | null>;
  /** Overwrites status, progress, failure, build, postdeploy and plan. */
  update(setup: AppSetup): Promise<void>;
  /** Removes the setups of an app (with the app). */
  deleteByApp(appId: string): Promise<void>;
}

import type { AutoBuild, Preview } from './domain/auto-builds.js';

declare module '../../kernel/store.js' {
  /** The auto-builds module's repositories, present in every unit of work. */
  interface StoreTx {
    autoBuilds: AutoBuildRepo;
    sourceDeliveries: SourceDeliveryRepo;
    previews: PreviewRepo;
  }
}

/** Auto build/deploy hooks, one per app. */
export interface AutoBuildRepo {
  /** The app's auto build, or null. */
  get(appId: string): Promise<AutoBuild | null>;
  /** Inserts or replaces the app's auto build (by app id). */
  put(autoBuild: AutoBuild): Promise<void>;
  /** Removes the app's auto build; false when there was none. */
  delete(appId: string): Promise<boolean>;
}

/** Delivery ids of source-control events already acted on, per app, so a redelivery does nothing twice. */
export interface SourceDeliveryRepo {
  /** Records the delivery for the app; true for the first caller, false when it was recorded before. */
  remember(appId: string, deliveryId: string, at: Date): Promise<boolean>;
  /** Forgets every delivery of an app (the app is being deleted). */
  forgetApp(appId: string): Promise<void>;
}

/** Preview apps of source apps. */
export interface PreviewRepo {
  /** Inserts a preview; a second preview of the same source app and pull request raises ConflictError. */
  insert(preview: Preview): Promise<void>;
  /** The previews of a source app, oldest first. */
  list(sourceAppId: string): Promise<Preview[]>;
  /** The preview of a source app's pull request, or null. */
  findByPullRequest(sourceAppId: string, pullRequest: number): Promise<Preview | null>;
  /** The preview whose app is `appId`, or null. */
  findByApp(appId: string): Promise<Preview | null>;
  /** The previews whose apps are among `appIds` (an app's `preview` field), in no particular order. */
  byApps(appIds: string[]): Promise<Preview[]>;
  /** Removes a preview record. */
  delete(id: string): Promise<void>;
}

import type { LogDrain } from './domain/log-drains.js';
import type { PageRequest } from '../../kernel/paging.js';

declare module '../../kernel/store.js' {
  /** The log drains module's repository, present in every unit of work. */
  interface StoreTx {
    logDrains: LogDrainRepo;
  }
}

/** Log drains of apps. */
export interface LogDrainRepo {
  /** Inserts a drain; the same URL twice on one app raises ConflictError. */
  insert(drain: LogDrain): Promise<void>;
  /** One drain of one app; null when absent or of another app. */
  get(appId: string, id: string): Promise<LogDrain | null>;
  /** A page of an app's drains, ordered by `page.sort` (`id`). */
  list(appId: string, page: PageRequest): Promise<LogDrain[]>;
  /** Every drain of every app, by app then id (what the forwarder opens at start). */
  all(): Promise<LogDrain[]>;
  /** Removes a drain. */
  delete(id: string): Promise<void>;
  /** Removes every drain of an app. */
  deleteByApp(appId: string): Promise<void>;
}

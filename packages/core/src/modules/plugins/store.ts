import type { Plugin } from './domain/plugins.js';
import type { PageRequest } from '../../kernel/paging.js';

declare module '../../kernel/store.js' {
  /** The plugins module's repository, present in every unit of work. */
  interface StoreTx {
    plugins: PluginRepo;
  }
}

/** The platform-wide plugin registry. */
export interface PluginRepo {
  /** Inserts a plugin; a taken name raises ConflictError. */
  insert(plugin: Plugin): Promise<void>;
  /** One plugin by id or by exact name; null when absent. */
  find(idOrName: string): Promise<Plugin | null>;
  /** A page of plugins, ordered by `page.sort` (`id` or `name`). */
  list(page: PageRequest): Promise<Plugin[]>;
  /** Overwrites a plugin's mutable fields (name and created_at stay). */
  update(plugin: Plugin): Promise<void>;
  /** Removes a plugin. */
  delete(id: string): Promise<void>;
}

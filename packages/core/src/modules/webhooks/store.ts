import type { Hook, HookDelivery } from './domain/hooks.js';
import type { PageRequest } from '../../kernel/paging.js';

declare module '../../kernel/store.js' {
  /** The webhooks module's repositories, present in every unit of work. */
  interface StoreTx {
    hooks: HookRepo;
    hookDeliveries: HookDeliveryRepo;
  }
}

/** Webhook subscriptions of apps. */
export interface HookRepo {
  /** Inserts a hook. */
  insert(hook: Hook): Promise<void>;
  /** One hook of one app; null when absent or of another app. */
  get(appId: string, id: string): Promise<Hook | null>;
  /** A page of an app's hooks, ordered by `page.sort` (`id`). */
  list(appId: string, page: PageRequest): Promise<Hook[]>;
  /** Every active hook of the app whose events include `event`, oldest first. */
  subscribed(appId: string, event: string): Promise<Hook[]>;
  /** Overwrites a hook (hooks have a single writer: their app's owner). */
  update(hook: Hook): Promise<void>;
  /** Removes a hook; false when it was already gone (a concurrent delete won). */
  delete(id: string): Promise<boolean>;
  /** Removes every hook of an app. */
  deleteByApp(appId: string): Promise<void>;
}

/** Webhook deliveries ("results"), one per event and hook. */
export interface HookDeliveryRepo {
  /** Inserts deliveries (in the transaction of the change they report): one statement for an event's hooks. */
  insert(delivery: HookDelivery | HookDelivery[]): Promise<void>;
  /** One delivery by id. */
  get(id: string): Promise<HookDelivery | null>;
  /** Several deliveries by id, in one statement (the runner's batch); missing ones are left out, in no set order. */
  getMany(ids: string[]): Promise<HookDelivery[]>;
  /** A page of a hook's deliveries, ordered by `page.sort` (`id`). */
  list(hookId: string, page: PageRequest): Promise<HookDelivery[]>;
  /**
   * Overwrites a delivery's status and attempts; true when it did. With `onlyIfHooked`, only while the delivery's hook
   * still exists (false once it is gone), in the same statement.
   */
  update(delivery: HookDelivery, onlyIfHooked?: boolean): Promise<boolean>;
  /** `update` for several deliveries in one statement; answers the ids it wrote. */
  updateMany(deliveries: HookDelivery[], onlyIfHooked?: boolean): Promise<string[]>;
  /** Removes every delivery of a hook. */
  deleteByHook(hookId: string): Promise<void>;
  /**
   * Removes a hook's settled deliveries and the ones `settling` names (settled now, their rows still pending), and
   * keeps the rest of its pending ones: those are still sent with the hook they snapshot.
   */
  deleteSettled(hookId: string, settling: string[]): Promise<void>;
  /** Removes every delivery of an app. */
  deleteByApp(appId: string): Promise<void>;
}

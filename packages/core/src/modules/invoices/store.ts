import type { BillingItem, BillingKind, InvoiceScope } from './domain/billing.js';

declare module '../../kernel/store.js' {
  /** The invoices module's repository, present in every unit of work. */
  interface StoreTx {
    billingItems: BillingItemRepo;
  }
}

/** The formation and addon history invoices are computed from. */
export interface BillingItemRepo {
  /** Inserts an item (open when `deleted_at` is null). */
  insert(item: BillingItem): Promise<void>;
  /** Sets `deleted_at` on the open items of one app's subject. */
  close(appId: string, kind: BillingKind, subject: string, at: Date): Promise<void>;
  /** Sets `deleted_at` on every open item of an app. */
  closeApp(appId: string, at: Date): Promise<void>;
  /** Items within `scope` that ran at some time in [from, to), oldest first. */
  overlapping(scope: InvoiceScope, from: Date, to: Date): Promise<BillingItem[]>;
  /** When the oldest item within `scope` started; null when there is none. */
  earliest(scope: InvoiceScope): Promise<Date | null>;
}

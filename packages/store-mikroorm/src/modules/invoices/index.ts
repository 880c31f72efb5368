import type { StoreModule } from '../../store-module.js';
import { Migration0013Invoices } from './0013-invoices.js';
import { billingItemRepo } from './billing-items.js';

/** The invoices module's Store part: the billing history. */
export const invoicesStore: StoreModule = {
  name: 'invoices',
  repositories: { billingItems: billingItemRepo },
  migrations: [{ name: '0013_invoices', class: Migration0013Invoices }],
};

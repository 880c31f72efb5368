import { instanceCachingFactory } from 'tsyringe';
import type { PlatformModule } from '../../kernel/module.js';
import { TRANSACTIONAL_SUBSCRIBERS, UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { PLATFORM_CATALOG } from '../foundation/services/catalog.js';
import { invoiceRoutes } from './operations/invoices.js';
import { recordBillingHistory } from './services/billing-history.js';
import { InvoiceService, type InvoiceOptions } from './services/invoices.js';

/**
 * Invoices of the account, organizations and spaces, computed from the formation and addon history this module
 * records in the transaction of every change (size price x quantity x time, plus addon plan prices).
 */
export function invoices(options: InvoiceOptions = {}): PlatformModule {
  return {
    name: 'invoices',
    operations: invoiceRoutes,
    register(ctx) {
      const c = ctx.container;
      ctx.extend(TRANSACTIONAL_SUBSCRIBERS).push(recordBillingHistory(c.resolve(PLATFORM_CATALOG)));
      c.register(InvoiceService, { useFactory: instanceCachingFactory((r) => new InvoiceService(r.resolve(UNIT_OF_WORK), options)) });
    },
  };
}

import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { StoreTx } from '../../../kernel/store.js';
import { requireOrganization, requireSpace } from '../../foundation/services/resolve.js';
import { computeInvoice, invoiceIds, invoiceMonth, type Invoice, type InvoiceScope } from '../domain/billing.js';

/** Whose invoices: the whole account, one organization or one space (by id or name). */
export type InvoiceOwner = { kind: 'account' } | { kind: 'organization'; ref: string } | { kind: 'space'; ref: string };

/** Settings of invoices. */
export interface InvoiceOptions {
  /** The clock (tests pin it); default `new Date()`. */
  now?: () => Date;
}

/** Invoices computed on read from the recorded formation and addon history. */
export class InvoiceService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: InvoiceOptions = {},
  ) {}

  /** Ids (`YYYY-MM-01`) of every month from the owner's first recorded usage through this month. */
  list(owner: InvoiceOwner): Promise<string[]> {
    return this.uow.read(async (tx) => invoiceIds(await tx.billingItems.earliest(await scopeOf(tx, owner)), this.now()));
  }

  /** One month's invoice; NotFoundError for a malformed id or a month yet to come. */
  get(owner: InvoiceOwner, id: string): Promise<Invoice> {
    const { start, end } = invoiceMonth(id);
    const now = this.now();
    return this.uow.read(async (tx) => computeInvoice(id, await tx.billingItems.overlapping(await scopeOf(tx, owner), start, end < now ? end : now), now));
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

async function scopeOf(tx: StoreTx, owner: InvoiceOwner): Promise<InvoiceScope> {
  if (owner.kind === 'organization') return { organization_id: (await requireOrganization(tx, owner.ref, 'org')).id };
  if (owner.kind === 'space') return { space_id: (await requireSpace(tx, owner.ref)).id };
  return {};
}

import { NotFoundError } from '../../../errors.js';

/** What a billing item charges for: dynos of one process type, or one addon. */
export type BillingKind = 'dyno' | 'addon';

/**
 * One stretch of usage at a fixed quantity and price, from `created_at` until `deleted_at` (null while it lasts).
 * Formation and addon changes close the open item of their subject and open a new one, so the history of an app
 * is a list of these.
 */
export interface BillingItem {
  id: string;
  kind: BillingKind;
  app_id: string;
  /** `{app}-{space}` when the item was opened. */
  app_key: string;
  organization_id: string;
  organization_name: string;
  space_id: string;
  /** The process type (dynos) or addon id (addons) whose changes close this item. */
  subject: string;
  /** `constellation web dyno`, `alamo-redis:small addon`. */
  description: string;
  quantity: number;
  /** Monthly price of one unit in cents. */
  price_cents: number;
  created_at: Date;
  deleted_at: Date | null;
}

/** Which usage an invoice covers: everything, one organization or one space. */
export type InvoiceScope = { organization_id?: string; space_id?: string };

/** One billed line of an invoice. */
export interface InvoiceLine {
  item: BillingItem;
  /** What this item costs within the period, in cents. */
  billed_cents: number;
}

/** A computed invoice for one calendar month (UTC). */
export interface Invoice {
  /** `YYYY-MM-01`. */
  id: string;
  period_start: Date;
  /** The end of the month, or now for the current month. */
  period_end: Date;
  /** 1 when the month is over, 2 while it runs (the seed's `state`). */
  state: 1 | 2;
  lines: InvoiceLine[];
  addons_cents: number;
  dynos_cents: number;
  database_cents: number;
  total_cents: number;
  /** Sum of dyno quantities billed in the period. */
  dyno_units: number;
  /** Dyno quantity times hours used within the period. */
  weighted_dyno_hours: number;
}

const INVOICE_ID = /^(\d{4})-(\d{2})-01$/;
const HOUR = 3_600_000;

/** The month an invoice id names; NotFoundError for anything but `YYYY-MM-01`. */
export function invoiceMonth(id: string): { start: Date; end: Date } {
  const m = INVOICE_ID.exec(id);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new NotFoundError(`The invoice ${id} was not found.`, 'invoice');
  const start = new Date(Date.UTC(Number(m[1]), month - 1, 1));
  return { start, end: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)) };
}

/** The invoice id of the month `at` falls in. */
export function invoiceIdOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** Invoice ids from the month of `first` through the month of `now`, oldest first. */
export function invoiceIds(first: Date | null, now: Date): string[] {
  if (!first || first > now) return [];
  const ids: string[] = [];
  for (let y = first.getUTCFullYear(), mo = first.getUTCMonth(); y < now.getUTCFullYear() || (y === now.getUTCFullYear() && mo <= now.getUTCMonth()); mo === 11 ? (y++, (mo = 0)) : mo++) {
    ids.push(`${y}-${String(mo + 1).padStart(2, '0')}-01`);
  }
  return ids;
}

/**
 * Prices the items overlapping one month: each costs its monthly unit price x quantity x the share of the month it
 * ran (to the millisecond, against the whole month, so a full month costs the monthly price), rounded to the cent.
 * Totals are sums of the rounded lines, so they add up exactly. `now` cuts items still running and the current month.
 */
export function computeInvoice(id: string, items: BillingItem[], now: Date): Invoice {
  const { start, end } = invoiceMonth(id);
  if (start > now) throw new NotFoundError(`The invoice ${id} was not found.`, 'invoice');
  const monthMs = end.getTime() - start.getTime();
  const periodEnd = end < now ? end : now;
  const lines: InvoiceLine[] = [];
  let weighted = 0;
  for (const item of items) {
    const from = Math.max(item.created_at.getTime(), start.getTime());
    const to = Math.min((item.deleted_at ?? periodEnd).getTime(), periodEnd.getTime());
    if (to <= from && !(item.created_at >= start && item.created_at < end)) continue;
    const ms = Math.max(0, to - from);
    lines.push({ item, billed_cents: Math.round((item.price_cents * item.quantity * ms) / monthMs) });
    if (item.kind === 'dyno') weighted += (item.quantity * ms) / HOUR;
  }
  const sum = (pick: (l: InvoiceLine) => boolean) => lines.filter(pick).reduce((a, l) => a + l.billed_cents, 0);
  return {
    id,
    period_start: start,
    period_end: periodEnd,
    state: end <= now ? 1 : 2,
    lines,
    addons_cents: sum((l) => l.item.kind === 'addon'),
    dynos_cents: sum((l) => l.item.kind === 'dyno'),
    database_cents: sum((l) => l.item.kind === 'addon' && /postgres/i.test(l.item.description)),
    total_cents: sum(() => true),
    dyno_units: lines.filter((l) => l.item.kind === 'dyno').reduce((a, l) => a + l.item.quantity, 0),
    weighted_dyno_hours: Math.round(weighted * 100) / 100,
  };
}

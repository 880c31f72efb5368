import { z } from 'zod';
import type { Invoice } from '../domain/billing.js';
import { Instant, iso } from '../../../kernel/schemas.js';

/** One entry of an invoice list. */
export const InvoiceRefResponse = z.object({ $ref: z.string() }).meta({ id: 'InvoiceRef' });

/** An invoice as the seed shows it (amounts in dollars). */
export const InvoiceResponse = z
  .object({
    addons_total: z.number(),
    database_total: z.number(),
    charges_total: z.number(),
    created_at: Instant,
    credits_total: z.number(),
    dyno_units: z.number(),
    id: z.string(),
    number: z.string(),
    payment_status: z.string(),
    period_end: Instant,
    period_start: Instant,
    platform_total: z.number(),
    state: z.number().int(),
    total: z.number(),
    updated_at: Instant,
    weighted_dyno_hours: z.number(),
    items: z.array(
      z.object({
        organization: z.string(),
        app: z.object({ name: z.string() }),
        description: z.string(),
        type: z.string(),
        quantity: z.number(),
        price_per_unit: z.number(),
        billed_price: z.number(),
        created_at: Instant,
        deleted_at: Instant.nullable(),
      }),
    ),
  })
  .meta({ id: 'Invoice' });

const dollars = (cents: number) => cents / 100;

/** Wire shape of an invoice. */
export function presentInvoice(inv: Invoice): z.infer<typeof InvoiceResponse> {
  const start = inv.period_start.toISOString();
  return {
    addons_total: dollars(inv.addons_cents),
    database_total: dollars(inv.database_cents),
    charges_total: dollars(inv.total_cents),
    created_at: start,
    credits_total: 0,
    dyno_units: inv.dyno_units,
    id: inv.id,
    number: String(inv.period_start.getTime()),
    payment_status: inv.state === 1 ? 'Paid' : 'Pending',
    period_end: inv.period_end.toISOString(),
    period_start: start,
    platform_total: dollars(inv.dynos_cents),
    state: inv.state,
    total: dollars(inv.total_cents),
    updated_at: start,
    weighted_dyno_hours: inv.weighted_dyno_hours,
    items: inv.lines.map(({ item, billed_cents }) => ({
      organization: item.organization_name,
      app: { name: item.app_key },
      description: item.description,
      type: item.kind,
      quantity: item.quantity,
      price_per_unit: dollars(item.price_cents),
      billed_price: dollars(billed_cents),
      created_at: item.created_at.toISOString(),
      deleted_at: iso(item.deleted_at),
    })),
  };
}

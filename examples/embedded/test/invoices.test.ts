import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdOf, newId, type BillingItem } from '@slipway/core';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

const T = (iso: string) => new Date(iso);

describe.each(await storeKinds())('invoices on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind, { runtime: 'none' });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await s.request('POST', '/organizations', { name: 'billing', description: 'Billing' });
    await s.request('POST', '/organizations', { name: 'other', description: 'Other' });
    await s.request('POST', '/spaces', { name: 'ledger' });
  });
  afterAll(() => s?.close());

  it('records the formation history of every change and bills it in the current month', async () => {
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'shop', space: 'default' })).status).toBe(201);
    expect((await s.request('POST', '/apps/shop-default/formation', { type: 'web', quantity: 2, size: 'constellation' })).status).toBe(201);
    expect((await s.request('PATCH', '/apps/shop-default/formation/web', { quantity: 1 })).status).toBe(200);
    const items = await s.platform.store.read((t) => t.billingItems.overlapping({}, T('2000-01-01T00:00:00Z'), new Date(Date.now() + 1000)));
    const web = items.filter((i) => i.app_key === 'shop-default' && i.subject === 'web');
    expect(web.map((i) => [i.quantity, i.price_cents, i.description, i.organization_name, i.deleted_at === null])).toEqual([
      [2, 6000, 'constellation web dyno', 'acme', false],
      [1, 6000, 'constellation web dyno', 'acme', true],
    ]);
    expect(web[0]!.deleted_at).toEqual(web[1]!.created_at);
    const now = invoiceIdOf(new Date());
    const inv = (await s.request('GET', `/organizations/acme/invoices/${now}`)).body;
    expect(inv).toMatchObject({ id: now, state: 2, payment_status: 'Pending', dyno_units: 3 });
    expect(inv.items.map((i: { app: { name: string }; quantity: number; type: string }) => [i.app.name, i.type, i.quantity])).toEqual([['shop-default', 'dyno', 2], ['shop-default', 'dyno', 1]]);
    expect((await s.request('DELETE', '/apps/shop-default')).status).toBe(200);
    const closed = await s.platform.store.read((t) => t.billingItems.overlapping({}, T('2000-01-01T00:00:00Z'), new Date(Date.now() + 1000)));
    expect(closed.filter((i) => i.app_key === 'shop-default').every((i) => i.deleted_at !== null)).toBe(true);
  });

  it('prorates a known February by hand: size price x quantity x time, plus addon plan prices, per scope', async () => {
    const org = (await s.request('GET', '/organizations/billing')).body;
    const other = (await s.request('GET', '/organizations/other')).body;
    const space = (await s.request('GET', '/spaces/ledger')).body;
    const item = (p: Partial<BillingItem> & Pick<BillingItem, 'kind' | 'description' | 'quantity' | 'price_cents' | 'created_at' | 'deleted_at'>): BillingItem => ({
      id: newId(), app_id: newId(), app_key: 'ledger-app-ledger', organization_id: org.id, organization_name: 'billing', space_id: space.id, subject: p.kind === 'dyno' ? 'web' : newId(), ...p,
    });
    // February 2025 has 28 days: 7 days are a quarter of the month.
    const rows = [
      item({ kind: 'dyno', description: 'constellation web dyno', quantity: 2, price_cents: 6000, created_at: T('2025-01-20T00:00:00Z'), deleted_at: T('2025-02-08T00:00:00Z') }), // 60 x 2 x 7/28 = 30
      item({ kind: 'dyno', description: 'constellation web dyno', quantity: 1, price_cents: 6000, created_at: T('2025-02-08T00:00:00Z'), deleted_at: null }), // 60 x 1 x 21/28 = 45
      item({ kind: 'addon', description: 'alamo-redis:small addon', quantity: 1, price_cents: 14000, created_at: T('2025-02-15T00:00:00Z'), deleted_at: T('2025-02-22T00:00:00Z') }), // 140 x 7/28 = 35
      item({ kind: 'addon', description: 'alamo-postgresql:hobby addon', quantity: 1, price_cents: 2800, created_at: T('2025-01-01T00:00:00Z'), deleted_at: null }), // 28, whole month
      item({ kind: 'dyno', description: 'scout worker dyno', quantity: 5, price_cents: 3000, created_at: T('2025-01-01T00:00:00Z'), deleted_at: T('2025-01-31T00:00:00Z') }), // ended in January
      item({ kind: 'dyno', description: 'galaxy web dyno', quantity: 1, price_cents: 12000, created_at: T('2025-02-01T00:00:00Z'), deleted_at: null, organization_id: other.id, organization_name: 'other', space_id: newId() }), // 120, other org
    ];
    await s.platform.store.transaction(async (t) => {
      for (const r of rows) await t.billingItems.insert(r);
    });
    const byOrg = await s.request('GET', '/organizations/billing/invoices/2025-02-01');
    expect(byOrg.status).toBe(200);
    const { items, ...totals } = byOrg.body;
    expect(totals).toEqual({
      addons_total: 63, database_total: 28, charges_total: 138, created_at: '2025-02-01T00:00:00.000Z', credits_total: 0, dyno_units: 3,
      id: '2025-02-01', number: String(Date.UTC(2025, 1, 1)), payment_status: 'Paid', period_end: '2025-03-01T00:00:00.000Z',
      period_start: '2025-02-01T00:00:00.000Z', platform_total: 75, state: 1, total: 138, updated_at: '2025-02-01T00:00:00.000Z',
      weighted_dyno_hours: 2 * 7 * 24 + 1 * 21 * 24,
    });
    expect(items.map((i: { billed_price: number }) => i.billed_price)).toEqual([28, 30, 45, 35]);
    expect(items[1]).toEqual({
      organization: 'billing', app: { name: 'ledger-app-ledger' }, description: 'constellation web dyno', type: 'dyno', quantity: 2,
      price_per_unit: 60, billed_price: 30, created_at: '2025-01-20T00:00:00.000Z', deleted_at: '2025-02-08T00:00:00.000Z',
    });
    // The other spellings and scopes: the space holds the same four; the account adds the other org's galaxy dyno.
    expect((await s.request('GET', '/organization/billing/invoices/2025-02-01')).body).toEqual(byOrg.body);
    expect((await s.request('GET', '/spaces/ledger/invoices/2025-02-01')).body.total).toBe(138);
    expect((await s.request('GET', '/space/ledger/invoices/2025-02-01')).body.total).toBe(138);
    expect((await s.request('GET', '/account/invoices/2025-02-01')).body).toMatchObject({ total: 258, platform_total: 195, dyno_units: 4 });
    // January: the worker (5 x 30 x 30/31) and postgres (28), the web dyno from the 20th (2 x 60 x 12/31).
    const jan = (await s.request('GET', '/organizations/billing/invoices/2025-01-01')).body;
    expect(jan.items.map((i: { billed_price: number }) => i.billed_price)).toEqual([28, 145.16, 46.45]);
    expect(jan.total).toBe(219.61);

    const list = (await s.request('GET', '/organizations/billing/invoices')).body;
    expect(list.slice(0, 3)).toEqual([{ $ref: '/organizations/billing/invoices/2025-01-01' }, { $ref: '/organizations/billing/invoices/2025-02-01' }, { $ref: '/organizations/billing/invoices/2025-03-01' }]);
    expect(list.at(-1)).toEqual({ $ref: `/organizations/billing/invoices/${invoiceIdOf(new Date())}` });
    expect((await s.request('GET', '/space/ledger/invoices')).body[0]).toEqual({ $ref: '/spaces/ledger/invoices/2025-01-01' });
    expect((await s.request('GET', '/account/invoices')).body[0]).toEqual({ $ref: '/account/invoices/2025-01-01' });
  });

  it('answers 404 for unknown owners, malformed ids and months to come', async () => {
    expect((await s.request('GET', '/organizations/ghost/invoices')).status).toBe(404);
    expect((await s.request('GET', '/spaces/ghost/invoices/2025-02-01')).status).toBe(404);
    expect((await s.request('GET', '/account/invoices/2025-13-01')).status).toBe(404);
    expect((await s.request('GET', '/account/invoices/latest')).status).toBe(404);
    expect((await s.request('GET', '/account/invoices/2999-01-01')).status).toBe(404);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, newId, type CertificateOrder, type Store } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, page, T0 } from './fixtures.js';

/** A pending order of `domains` in org `orgId`. */
function order(orgId: string, name: string, domains: string[]): CertificateOrder {
  return {
    id: newId(), name, comments: 'for the contract', requester: 'alice', org_id: orgId, org_name: 'acme', region_id: newId(), region_name: 'local',
    common_name: domains[0]!, domains, kind: domains.length > 1 ? 'multi_domain' : 'single', status: 'pending', status_reason: null, installed: false,
    issuer: 'local-ca', order_ref: null, order_key_sealed: null, cert_pem: null, key_sealed: null, issued_at: null, expires_at: null,
    created_at: T0, updated_at: T0, version: 1,
  };
}

/** The certificates module's repository: orders, the certificates they hold, lookups by name and by domain. */
export function certificatesStoreSuite(ctx: StoreSuiteContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const { tx, seedApp } = ctx;

  describe('certificate orders', () => {
    it('finds by id or name, keeps every field, refuses a taken name and updates only the read version', async () => {
      const { o } = await seedApp();
      const a = order(o.id, 'www-cert', ['www.example.test', 'example.test']);
      await tx((t) => t.certificateOrders.insert(a));
      expect(await store.read((t) => t.certificateOrders.find(a.id))).toEqual(a);
      expect(await store.read((t) => t.certificateOrders.find('www-cert'))).toEqual(a);
      expect(await store.read((t) => t.certificateOrders.find(newId()))).toBeNull();
      await expect(tx((t) => t.certificateOrders.insert({ ...order(o.id, 'www-cert', ['other.example.test']) }))).rejects.toThrow();
      const issued: CertificateOrder = {
        ...a, status: 'issued', installed: true, order_ref: null, cert_pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', key_sealed: 'v1:sealed',
        issued_at: at(1), expires_at: at(90), status_reason: null, updated_at: at(2), version: 2,
      };
      await tx((t) => t.certificateOrders.update(issued));
      expect(await store.read((t) => t.certificateOrders.find(a.id))).toEqual(issued);
      await expect(tx((t) => t.certificateOrders.update({ ...issued, status_reason: 'stale', version: 2 }))).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('lists all or installed ones, finds orders listing a domain exactly, and lists installed ones oldest first', async () => {
      const { o } = await seedApp();
      const a = { ...order(o.id, 'a', ['a.example.test', '*.example.test']), created_at: at(2) };
      const b = { ...order(o.id, 'b', ['b.example.test']), installed: true, created_at: at(3) };
      const c = { ...order(o.id, 'c', ['c.example.test', 'a.example.test']), installed: true, created_at: at(1) };
      await tx(async (t) => {
        for (const x of [a, b, c]) await t.certificateOrders.insert(x);
      });
      expect((await store.read((t) => t.certificateOrders.list({}, page()))).map((x) => x.id)).toEqual([a.id, b.id, c.id].sort());
      expect((await store.read((t) => t.certificateOrders.list({}, page({ sort: 'name' })))).map((x) => x.name)).toEqual(['a', 'b', 'c']);
      expect((await store.read((t) => t.certificateOrders.list({ installed: true }, page()))).map((x) => x.id)).toEqual([b.id, c.id].sort());
      expect((await store.read((t) => t.certificateOrders.listing(['a.example.test']))).map((x) => x.id)).toEqual([a.id, c.id].sort());
      expect((await store.read((t) => t.certificateOrders.listing(['x.example.test']))).map((x) => x.id)).toEqual([]);
      expect((await store.read((t) => t.certificateOrders.listing(['*.example.test', 'b.example.test']))).map((x) => x.id)).toEqual([a.id, b.id].sort());
      expect((await store.read((t) => t.certificateOrders.installed())).map((x) => x.id)).toEqual([c.id, b.id]);
    });
  });
}

import { newId } from '../../../kernel/ids.js';
import type { PlatformEventMap } from '../../../kernel/payloads.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { TransactionalSubscriber } from '../../../kernel/unit-of-work.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { BillingItem, BillingKind } from '../domain/billing.js';

/** Opens a billing item for an app's subject at the event's time. */
function open(tx: StoreTx, view: AppView, kind: BillingKind, subject: string, description: string, quantity: number, priceCents: number, at: Date): Promise<void> {
  const item: BillingItem = {
    id: newId(), kind, app_id: view.app.id, app_key: `${view.app.name}-${view.space.name}`, organization_id: view.organization.id,
    organization_name: view.organization.name, space_id: view.space.id, subject, description, quantity, price_cents: priceCents, created_at: at, deleted_at: null,
  };
  return tx.billingItems.insert(item);
}

/**
 * Records the usage history invoices are computed from, in the transaction of each change: every formation change
 * closes the process type's open item and opens one at the new quantity and size price; an addon's creation opens
 * an item at its plan price and its removal closes it; deleting the app closes everything it had open.
 */
export function recordBillingHistory(catalog: PlatformCatalog): TransactionalSubscriber {
  const sizePrice = (size: string) => Math.round((catalog.sizes.find((s) => s.name === size)?.price ?? 0) * 100);
  return async (tx, event) => {
    const appId = event.app_id;
    if (!appId) return;
    if (event.action === 'destroy') return tx.billingItems.closeApp(appId, event.at);
    if (event.action !== 'formation_change' && event.action !== 'addon_change') return;
    const view = await tx.apps.find({ id: appId });
    if (!view) return;
    if (event.action === 'formation_change') {
      const { change, changes } = event.payload as PlatformEventMap['formation_change'];
      for (const c of changes) {
        await tx.billingItems.close(appId, 'dyno', c.type, event.at);
        if (change !== 'delete' && c.quantity > 0) await open(tx, view, 'dyno', c.type, `${c.size} ${c.type} dyno`, c.quantity, sizePrice(c.size), event.at);
      }
      return;
    }
    const { change, changes } = event.payload as PlatformEventMap['addon_change'];
    for (const c of changes) {
      await tx.billingItems.close(appId, 'addon', c.id, event.at);
      if (change !== 'create') continue;
      const addon = await tx.addons.find(c.id);
      await open(tx, view, 'addon', c.id, `${c.addon_service.name}:${c.plan.name} addon`, 1, addon?.price_cents ?? 0, event.at);
    }
  };
}

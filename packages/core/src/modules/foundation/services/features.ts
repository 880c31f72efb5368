import type { FeatureDefinition } from '../domain/catalog.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { CatalogService } from './catalog.js';
import { eventSubject, requireApp } from './resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import { presentFeature } from '../schemas/features.js';

/** A feature definition with its state for one app. */
export interface AppFeature {
  definition: FeatureDefinition;
  enabled: boolean;
}

/** Per-app feature switches over the host's feature catalog. */
export class FeatureService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly catalog: CatalogService,
  ) {}

  /** Every catalog feature with its state for the app. */
  list(ref: string): Promise<AppFeature[]> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, ref);
      const set = await tx.features.get(view.app.id);
      return this.catalog.catalog.features.map((definition) => ({ definition, enabled: set[definition.name] ?? definition.default_enabled }));
    });
  }

  /** One feature's state for the app. */
  async get(ref: string, feature: string): Promise<AppFeature> {
    const definition = this.catalog.feature(feature);
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, ref);
      const set = await tx.features.get(view.app.id);
      return { definition, enabled: set[definition.name] ?? definition.default_enabled };
    });
  }

  /** Whether a feature is on for an app, inside a running unit of work (e.g. auto-release). */
  async enabledIn(tx: StoreTx, appId: string, feature: string): Promise<boolean> {
    const definition = this.catalog.feature(feature);
    const set = await tx.features.get(appId);
    return set[definition.name] ?? definition.default_enabled;
  }

  /** Switches a feature on or off. */
  set(actor: Principal, ref: string, feature: string, enabled: boolean): Promise<AppFeature> {
    const definition = this.catalog.feature(feature);
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, ref);
      await tx.features.set(view.app.id, definition.name, enabled);
      events.emit(
        'feature_change',
        { ...eventSubject(view), change: 'update', changes: [{ type: 'update', name: definition.name, value: enabled }], feature: presentFeature(definition, enabled) },
        view.app.id,
      );
      return { definition, enabled };
    });
  }
}

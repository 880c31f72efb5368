import type { InjectionToken } from 'tsyringe';
import { BadRequestError, ConcurrencyError } from '../../../errors.js';
import { APP_NAME, assertName, normalizeName } from '../domain/names.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { App, AppView } from '../domain/records.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { StoreTx } from '../../../kernel/store.js';
import { insertApp } from './insert-app.js';
import { eventSubject, requireApp, requireOrganization, requireSpace } from './resolve.js';
import type { EventSink, UnitOfWork } from '../../../kernel/unit-of-work.js';

/**
 * Removes what another aggregate keeps for an app, inside the app's delete transaction; `events` is the
 * delete's sink, so what a cleanup announces (addon_change) is audited and delivered like any event.
 */
export type AppCleanup = (tx: StoreTx, view: AppView, events: EventSink) => Promise<void>;

/** DI token of the app cleanups later features register (releases, hooks, addons ...). */
export const APP_CLEANUPS: InjectionToken<AppCleanup[]> = Symbol.for('slipway.AppCleanups');

/** Apps: create, update, read, list, delete with everything they own. */
export class AppService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cleanups: AppCleanup[] = [],
  ) {}

  /** Creates an app in an existing space and organization. */
  create(actor: Principal, input: { org: string; name: string; space: string; description?: string | undefined }): Promise<AppView> {
    const name = normalizeName(input.name);
    assertName(name, APP_NAME, 'name', 'App name (lowercase letters and digits, no dashes)');
    return this.uow.run(actor, async (tx, events) => {
      const organization = await requireOrganization(tx, input.org, 'org');
      const space = await requireSpace(tx, input.space, 'space');
      return insertApp(tx, events, { name, space, organization, owner: actor, description: input.description });
    });
  }

  /** Updates maintenance mode and description; name and build_stack may be sent but not changed (400). */
  update(actor: Principal, ref: string, input: { maintenance?: boolean | undefined; description?: string | undefined; name?: string | undefined; build_stack?: string | undefined }, stackName: (v: AppView) => string): Promise<AppView> {
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, ref);
      if (input.name !== undefined && normalizeName(input.name) !== view.app.name) throw new BadRequestError('The app name cannot be changed.', 'name');
      if (input.build_stack !== undefined && normalizeName(input.build_stack) !== stackName(view)) throw new BadRequestError('The build stack cannot be changed.', 'build_stack');
      const changes: Array<{ type: 'update'; name: string; value: boolean | string }> = [];
      if (input.maintenance !== undefined && input.maintenance !== view.app.maintenance) changes.push({ type: 'update', name: 'maintenance', value: input.maintenance });
      if (input.description !== undefined && input.description !== (view.app.description ?? '')) changes.push({ type: 'update', name: 'description', value: input.description });
      if (changes.length === 0) return view;
      const app: App = {
        ...view.app,
        maintenance: input.maintenance ?? view.app.maintenance,
        description: input.description ?? view.app.description ?? '',
        updated_at: new Date(),
        version: view.app.version + 1,
      };
      await tx.apps.update(app);
      const next = { ...view, app };
      events.emit('app_update', { ...eventSubject(next), changes }, app.id);
      return next;
    });
  }

  /** One app by id, key or (default-space) name. */
  get(ref: string): Promise<AppView> {
    return this.uow.read((tx) => requireApp(tx, ref));
  }

  /** A page of apps, optionally of one space. */
  async list(page: PageRequest, filter: { space?: string } = {}): Promise<Page<AppView>> {
    const rows = await this.uow.read(async (tx) => {
      const space_id = filter.space ? (await requireSpace(tx, filter.space)).id : undefined;
      return tx.apps.list(space_id ? { space_id } : {}, page);
    });
    return toPage(rows, page, (v) => (page.sort === 'name' ? v.app.name : v.app.id));
  }

  /** Deletes an app and everything it owns (config vars, feature switches, and what cleanups remove). */
  delete(actor: Principal, ref: string): Promise<AppView> {
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, ref);
      // Emitted first: subscribers (the webhook outbox) must still see the hooks the cleanups remove.
      await events.emit('destroy', eventSubject(view), view.app.id);
      for (const cleanup of this.cleanups) await cleanup(tx, view, events);
      await tx.configVars.clear({ kind: 'app', id: view.app.id });
      await tx.features.clear(view.app.id);
      await tx.favorites.clearApp(view.app.id);
      // A concurrent delete removed it first: re-run, and the re-run answers 404 with nothing audited twice.
      if (!(await tx.apps.delete(view.app.id))) throw new ConcurrencyError(`the app ${view.app.id} was deleted concurrently`);
      return view;
    });
  }
}

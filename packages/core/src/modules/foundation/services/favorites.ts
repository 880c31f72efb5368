import { NotFoundError } from '../../../errors.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { AppView } from '../domain/records.js';
import { requireApp } from './resolve.js';

/** Each caller's favorite apps: an undocumented part of the reference API the Akkeris CLI uses (apps:favorites). */
export class FavoriteService {
  constructor(private readonly uow: UnitOfWork) {}

  /** A page of the caller's favorite apps, by app id. */
  async list(actor: Principal, page: PageRequest): Promise<Page<AppView>> {
    const views = await this.uow.read(async (tx) => {
      const rows = await tx.favorites.list(actor.id, page);
      const found = await Promise.all(rows.map((f) => tx.apps.find({ id: f.app_id })));
      return found.filter((v): v is AppView => v !== null);
    });
    return toPage(views, page, (v) => v.app.id);
  }

  /** Marks an app a favorite of the caller; marking it again changes nothing. */
  add(actor: Principal, appRef: string): Promise<AppView> {
    return this.uow.run(actor, async (tx) => {
      const view = await requireApp(tx, appRef, 'app');
      await tx.favorites.add({ user_id: actor.id, app_id: view.app.id, created_at: new Date() });
      return view;
    });
  }

  /** Unmarks an app; 404 when it was not one of the caller's favorites. */
  remove(actor: Principal, appRef: string): Promise<AppView> {
    return this.uow.run(actor, async (tx) => {
      const view = await requireApp(tx, appRef, 'app');
      if (!(await tx.favorites.remove(actor.id, view.app.id))) throw new NotFoundError(`The app ${appRef} is not one of your favorites.`, 'app');
      return view;
    });
  }
}

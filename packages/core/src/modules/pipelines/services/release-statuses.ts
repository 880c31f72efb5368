import { NotFoundError } from '../../../errors.js';
import { combinedState, type ReleaseStatusCheck, type StatusState } from '../domain/pipelines.js';
import { newId } from '../../../kernel/ids.js';
import { isUuid } from '../../foundation/domain/names.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { Release } from '../../deploys/domain/deploys.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { AppView } from '../../foundation/domain/records.js';
import { eventSubject, requireApp } from '../../foundation/services/resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import '../events.js';

/** What a check reporter sends. */
export interface ReleaseStatusInput {
  state: StatusState;
  context: string;
  name?: string | undefined;
  description?: string | undefined;
  target_url?: string | undefined;
  image_url?: string | undefined;
}

/** Status checks of releases (CI results and the like) that required checks of couplings gate promotions on. */
export class ReleaseStatusService {
  constructor(private readonly uow: UnitOfWork) {}

  /** Records the state of one check (by context) on a release, replacing its earlier state. */
  report(actor: Principal, appRef: string, releaseId: string, input: ReleaseStatusInput): Promise<ReleaseStatusCheck> {
    return this.uow.run(actor, async (tx, events) => {
      const { view, release } = await requireRelease(tx, appRef, releaseId);
      const now = new Date();
      const found = await tx.releaseStatuses.byContext(release.id, input.context);
      const status: ReleaseStatusCheck = {
        id: found?.id ?? newId(),
        app_id: view.app.id,
        release_id: release.id,
        context: input.context,
        state: input.state,
        name: input.name ?? found?.name ?? input.context,
        description: input.description ?? found?.description ?? '',
        target_url: input.target_url ?? found?.target_url ?? null,
        image_url: input.image_url ?? found?.image_url ?? null,
        created_at: found?.created_at ?? now,
        updated_at: now,
      };
      if (found) await tx.releaseStatuses.update(status);
      else await tx.releaseStatuses.insert(status);
      await events.emit('release_status_change', { ...eventSubject(view), release: { id: release.id, version: release.version }, status: { context: status.context, state: status.state } }, view.app.id);
      return status;
    });
  }

  /** Every check of a release and their combined state. */
  list(appRef: string, releaseId: string): Promise<{ release: Release; state: StatusState; statuses: ReleaseStatusCheck[] }> {
    return this.uow.read(async (tx) => {
      const { release } = await requireRelease(tx, appRef, releaseId);
      const statuses = await tx.releaseStatuses.list(release.id);
      return { release, state: combinedState(statuses), statuses };
    });
  }
}

/** An app's release by id, or NotFoundError naming `release`. */
async function requireRelease(tx: StoreTx, appRef: string, id: string): Promise<{ view: AppView; release: Release }> {
  const view = await requireApp(tx, appRef);
  const release = isUuid(id) ? await tx.releases.get(view.app.id, id.toLowerCase()) : null;
  if (!release) throw new NotFoundError(`The release ${id} was not found.`, 'release');
  return { view, release };
}

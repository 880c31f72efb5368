import { NotFoundError } from '../../../errors.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { DynoStatus } from '../domain/runtime.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { appTarget } from './deploy-jobs.js';
import { appJobKey, requireRuntime, RESTART_APP, type DeployOptions } from './deploys.js';
import { enqueueJob } from '../../../kernel/jobs.js';
import { eventSubject, requireApp } from '../../foundation/services/resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';

/** A dyno as the runtime reports it, with its app. */
export interface DynoView {
  dyno: DynoStatus;
  view: AppView;
}

/** Dynos: what runs, as the runtime sees it; rolling restarts as durable jobs. */
export class DynoService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: DeployOptions,
  ) {}

  /** Every dyno of an app. */
  async list(appRef: string): Promise<DynoView[]> {
    const runtime = requireRuntime(this.options);
    const view = await this.uow.read((tx) => requireApp(tx, appRef));
    return (await runtime.listDynos(appTarget(view))).map((dyno) => ({ dyno, view }));
  }

  /** One dyno by id or name. */
  async get(appRef: string, dyno: string): Promise<DynoView> {
    const found = (await this.list(appRef)).find((d) => d.dyno.id === dyno || d.dyno.name === dyno);
    if (!found) throw new NotFoundError(`The dyno ${dyno} was not found.`, 'dyno');
    return found;
  }

  /** Asks for a rolling restart of every dyno, or of one process type (404 for a type the app does not have). */
  restart(actor: Principal, appRef: string, type?: string): Promise<{ status: 'pending' }> {
    requireRuntime(this.options);
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      if (type !== undefined && !(await tx.formations.get(view.app.id, type.toLowerCase()))) {
        throw new NotFoundError(`The formation ${type} was not found.`, 'type');
      }
      await enqueueJob(tx, RESTART_APP, appJobKey(view.app.id), { app_id: view.app.id, ...(type !== undefined ? { type: type.toLowerCase() } : {}) });
      await events.emit('dyno_restart', { ...eventSubject(view), type: type?.toLowerCase() ?? null }, view.app.id);
      return { status: 'pending' as const };
    });
  }
}

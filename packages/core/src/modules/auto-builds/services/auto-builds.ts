import { NotFoundError, UnauthorizedError, ValidationError } from '../../../errors.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { newId } from '../../../kernel/ids.js';
import { enqueueJob } from '../../../kernel/jobs.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import { appKey } from '../../foundation/domain/names.js';
import type { AppView } from '../../foundation/domain/records.js';
import { appRefOf, requireApp } from '../../foundation/services/resolve.js';
import type { RepositoryRef, SourceControl, SourceEvent, WebhookDelivery } from '../../source-control/source-control.js';
import type { AutoBuildSecrets } from '../domain/auto-build-secrets.js';
import type { AutoBuild } from '../domain/auto-builds.js';
import type { AutoBuildOptions } from './options.js';
import { AUTO_BUILD, type AutoBuildPayload } from './auto-build-jobs.js';
import { PREVIEW_EVENT, type PreviewPayload } from './preview-jobs.js';

/** What `POST /apps/{app}/builds/auto` carries. */
export interface AutoBuildInput {
  repo: string;
  branch: string;
  status_check?: boolean | undefined;
  auto_deploy?: boolean | undefined;
  username: string;
  token: string;
}

/** What the callback did with a delivery, for the host's delivery log. */
export interface CallbackOutcome {
  status: 'queued' | 'ignored' | 'duplicate' | 'ok';
  detail: string;
}

/** The repository of a stored auto build. */
export function repoOf(source: SourceControl, ab: AutoBuild): RepositoryRef {
  return source.parseRepositoryUrl(ab.repo);
}

/** Auto build/deploy hooks: register with a user's token (used once), show, remove, and the host's callback. */
export class AutoBuildService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: AutoBuildOptions,
    private readonly secrets: AutoBuildSecrets,
  ) {}

  /**
   * Registers the repository webhook with the caller's token, then stores the settings with a fresh sealed secret.
   * The token is passed to the host for these calls only: it is not stored, logged or echoed.
   */
  async register(actor: Principal, appRef: string, input: AutoBuildInput, baseUrl: string): Promise<AutoBuild> {
    const source = this.options.sourceControl;
    let repo: RepositoryRef;
    try {
      repo = source.parseRepositoryUrl(input.repo.trim());
    } catch (err) {
      throw err instanceof ValidationError ? new ValidationError(err.message, 'repo') : err;
    }
    const branch = input.branch.trim();
    if (!branch || /[\s~^:?*[\\]/.test(branch) || branch.includes('..')) throw new ValidationError('branch must be a valid git branch name', 'branch');
    const view = await this.uow.read((tx) => requireApp(tx, appRef));
    const existing = await this.uow.read((tx) => tx.autoBuilds.get(view.app.id));
    // Re-registering keeps the app's secret, so two registrations racing each other cannot leave the host signing
    // with one secret while the other is stored (DELETE, then POST, rotates it).
    const secret = existing ? this.secrets.open(existing.secret) : this.secrets.generate();
    const callback = `${(this.options.publicUrl ?? baseUrl).replace(/\/+$/, '')}/apps/${appKey(view.app.name, view.space.name)}/builds/auto/github`;
    const info = await source.checkAccess(repo, { token: input.token });
    const hook = await source.registerWebhook(info.repo, { token: input.token, callback_url: callback, secret });
    // The app's earlier hook on another repository would keep calling back with a secret no longer stored.
    if (existing && existing.repo_key !== info.repo.key) {
      await source.deleteWebhook(repoOf(source, existing), existing.hook_id, { token: input.token }).catch(() => undefined);
    }
    const now = new Date();
    return this.uow.run(actor, async (tx) => {
      const current = await requireApp(tx, view.app.id);
      const before = await tx.autoBuilds.get(current.app.id);
      const ab: AutoBuild = {
        id: before?.id ?? newId(),
        app_id: current.app.id,
        repo: info.repo.url,
        repo_key: info.repo.key,
        site: new URL(info.repo.url).origin,
        branch,
        auto_deploy: input.auto_deploy ?? false,
        status_check: input.status_check ?? false,
        username: input.username.trim(),
        hook_id: hook.id,
        secret: this.secrets.seal(secret),
        created_at: before?.created_at ?? now,
        updated_at: now,
      };
      await tx.autoBuilds.put(ab);
      return ab;
    });
  }

  /** The app's auto build; 404 when it has none. */
  get(appRef: string): Promise<{ autoBuild: AutoBuild; view: AppView }> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      return { autoBuild: await requireAutoBuild(tx, view), view };
    });
  }

  /** Removes the app's auto build, and its hook on the host when the operator's credential may (best effort). */
  async remove(actor: Principal, appRef: string): Promise<void> {
    const removed = await this.uow.run(actor, async (tx) => {
      const view = await requireApp(tx, appRef);
      const ab = await requireAutoBuild(tx, view);
      await tx.autoBuilds.delete(view.app.id);
      return ab;
    });
    // After the commit: a hook left behind on the host only gets 404s from now on, which GitHub shows its owner.
    await this.options.sourceControl.deleteWebhook(repoOf(this.options.sourceControl, removed), removed.hook_id).catch(() => undefined);
  }

  /**
   * The host's callback: verifies the signature over the raw body (401 and nothing changed otherwise), then queues
   * a build for a push to the configured branch, or preview work for a pull request. A delivery id seen before
   * queues nothing.
   */
  async callback(appRef: string, delivery: WebhookDelivery): Promise<CallbackOutcome> {
    const found = await this.uow.read(async (tx) => {
      const view = await tx.apps.find(appRefOf(appRef));
      return view ? { view, ab: await tx.autoBuilds.get(view.app.id) } : null;
    });
    // Unknown app and app without auto build answer alike, and only after the same work, so neither is probed.
    if (!found?.ab) throw new UnauthorizedError('The signature of this delivery is missing or does not match.', 'x-hub-signature-256');
    const { view, ab } = found;
    let event: SourceEvent;
    try {
      event = await this.options.sourceControl.verifyDelivery(delivery, this.secrets.open(ab.secret));
    } catch (err) {
      if (err instanceof UnauthorizedError) throw new UnauthorizedError('The signature of this delivery is missing or does not match.', 'x-hub-signature-256');
      throw err;
    }
    if (event.kind === 'ping') return { status: 'ok', detail: 'pong' };
    if (event.kind === 'ignored') return { status: 'ignored', detail: `event ${event.event}${event.action ? `.${event.action}` : ''} is not acted on` };
    if (event.repo.key !== ab.repo_key) return { status: 'ignored', detail: `repository ${event.repo.full_name} is not the one this app builds` };
    if (event.kind === 'push') {
      if (event.deleted || event.branch === null) return { status: 'ignored', detail: `${event.ref} was deleted or is not a branch` };
      if (event.branch !== ab.branch) return { status: 'ignored', detail: `branch ${event.branch} is not ${ab.branch}` };
      const payload: AutoBuildPayload = {
        app_id: view.app.id,
        repo: ab.repo,
        sha: event.sha,
        branch: event.branch,
        status_check: ab.status_check,
        auto_deploy: ab.auto_deploy,
        username: ab.username,
        delivery_id: event.delivery_id,
        phase: 'checks',
      };
      return this.once(view, event.delivery_id, async (tx) => {
        // Keyed per commit, not per app: a commit whose checks take hours must not hold back later pushes.
        await enqueueJob(tx, AUTO_BUILD, `auto-build:${view.app.id}:${event.sha}`, { ...payload });
        return { status: 'queued', detail: `build of ${event.sha.slice(0, 7)} queued` };
      });
    }
    const features = await this.uow.read((tx) => tx.features.get(view.app.id));
    if (!features.preview) return { status: 'ignored', detail: 'the preview feature is off for this app' };
    // Compliance spaces hold what must not run unreviewed code with their config.
    if (view.space.compliance.some((c) => c === 'socs' || c === 'prod')) return { status: 'ignored', detail: `previews are not made in ${view.space.compliance.join('/')} spaces` };
    if (event.base.branch !== ab.branch) return { status: 'ignored', detail: `pull request is against ${event.base.branch}, not ${ab.branch}` };
    const payload: PreviewPayload = {
      source_app_id: view.app.id,
      action: event.action,
      number: event.number,
      sha: event.head.sha,
      branch: event.head.branch,
      head_repo: event.head.repo?.url ?? null,
      username: ab.username,
      delivery_id: event.delivery_id,
    };
    return this.once(view, event.delivery_id, async (tx) => {
      await enqueueJob(tx, PREVIEW_EVENT, `preview:${view.app.id}:${event.number}`, { ...payload });
      return { status: 'queued', detail: `pull request #${event.number} ${event.action} queued` };
    });
  }

  /** Runs `fn` once per delivery id of the app: the id is recorded in the same transaction as the work it queues. */
  private once(view: AppView, deliveryId: string, fn: (tx: StoreTx) => Promise<CallbackOutcome>): Promise<CallbackOutcome> {
    return this.uow.run({ id: view.app.owner_id, username: 'github', email: '', roles: [] }, async (tx) => {
      if (!(await tx.sourceDeliveries.remember(view.app.id, deliveryId, new Date()))) return { status: 'duplicate', detail: `delivery ${deliveryId} was handled before` };
      return fn(tx);
    });
  }
}

/** The app's auto build, or a 404 naming it. */
async function requireAutoBuild(tx: StoreTx, view: AppView): Promise<AutoBuild> {
  const ab = await tx.autoBuilds.get(view.app.id);
  if (!ab) throw new NotFoundError(`The app ${appKey(view.app.name, view.space.name)} has no auto build.`, 'app');
  return ab;
}

import { DriverUnavailableError, type PlatformError } from '../../../errors.js';
import type { Addon } from '../domain/addon-records.js';
import {
  DEFAULT_POLL_POLICY,
  decideAfterPoll,
  nextOrphanMitigationAt,
  nextPollAt,
  type BindingResult,
  type PendingBrokerOperation,
  type PollPolicy,
} from '../domain/addons.js';
import type { SecretBox } from '../../../kernel/secrets.js';
import type { AddonBroker, BrokerCaller } from '../ports/addon-broker.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { Store } from '../../../kernel/store.js';
import { presentAddonChange } from '../schemas/addons.js';
import { ADDON_CLEANUP, ADDON_PROVISION, addonJobKey, loadDetails, notifyApps, varNamesFor, type CleanupPayload } from './addon-state.js';
import type { ProvisionPayload } from './addons.js';
import type { ConfigChangeHook } from '../../foundation/services/config-sources.js';
import { enqueueJob, interrupted, type JobContext, type JobHandler, type JobOutcome } from '../../../kernel/jobs.js';
import { eventSubject } from '../../foundation/services/resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';

/** What the addon jobs need. */
export interface AddonJobDeps {
  store: Store;
  uow: UnitOfWork;
  brokers: AddonBroker[];
  box: SecretBox | null;
  hooks: ConfigChangeHook[];
  /** Polling policy of provision/bind operations (a plan's maximum_polling_duration still applies via the pending record). */
  pollPolicy?: PollPolicy;
}

const SYSTEM: Principal = { id: '00000000-0000-4000-8000-000000000000', username: 'slipway', email: 'slipway@localhost', roles: [] };

/**
 * Provisions then binds one addon, one broker request per run: a 202 is stored in the job payload and
 * polled on later runs, so a controller restart resumes where it was. Failures mark the addon failed
 * and enqueue the orphan clean-up the OSB table asks for.
 */
export function addonProvisionHandler(deps: AddonJobDeps): JobHandler {
  const policy = deps.pollPolicy ?? DEFAULT_POLL_POLICY;
  const brokers = new Map(deps.brokers.map((b) => [b.name, b]));

  const fail = async (ctx: JobContext, addon: Addon, p: ProvisionPayload, error: PlatformError, cleanup: { unbind: boolean; deprovision: boolean } | null): Promise<JobOutcome> => {
    // Each write of this handler first checks the lease is still ours: otherwise another worker is doing it.
    if (ctx.signal.aborted) return interrupted(ctx);
    await deps.uow.run(actorOf(p), async (tx) => {
      const current = await tx.addons.find(addon.id);
      if (!current || current.state !== 'provisioning') return;
      await tx.addons.update({ ...current, state: 'failed', state_description: error.message, failure_code: error.code, updated_at: new Date(), version: current.version + 1 });
      if (cleanup && (cleanup.unbind || cleanup.deprovision)) {
        const payload: CleanupPayload = {
          broker: current.broker,
          instance_id: current.id,
          service_id: current.service_id,
          plan_id: current.plan_id,
          binding_id: current.binding_id,
          unbind: cleanup.unbind,
          deprovision: cleanup.deprovision,
          delete_addon: null,
        };
        await enqueueJob(tx, ADDON_CLEANUP, addonJobKey(current.id), payload);
      }
    });
    return { status: 'failed', error: error.message };
  };

  const finish = async (ctx: JobContext, addon: Addon, p: ProvisionPayload, binding: BindingResult | null): Promise<JobOutcome> => {
    if (ctx.signal.aborted) return interrupted(ctx);
    await deps.uow.run(actorOf(p), async (tx, events) => {
      const current = await tx.addons.find(addon.id);
      // Deleted meanwhile: the clean-up job queued behind this one unbinds and deprovisions.
      if (!current || current.state !== 'provisioning') return;
      const sealed = binding ? deps.box!.sealJson(binding.credentials) : null;
      const next: Addon = { ...current, state: 'provisioned', state_description: '', credentials: sealed, updated_at: new Date(), version: current.version + 1 };
      await tx.addons.update(next);
      const d = await loadDetails(tx, deps.box, next);
      await events.emit('addon_change', { ...eventSubject(d.owner), change: 'create', changes: [presentAddonChange(next, d.owner, varNamesFor(d, d.owner.app.id))] }, d.owner.app.id);
      if (Object.keys(d.vars).length) await notifyApps(tx, deps.hooks, d.attachments.map((a) => a.app), `Attach ${next.name} addon`, events);
    });
    return { status: 'succeeded' };
  };

  /** Records that the broker took the operation asynchronously (so the waiting request can answer). */
  const waiting = async (ctx: JobContext, addon: Addon, p: ProvisionPayload, pending: PendingBrokerOperation, at: Date, description: string | null): Promise<JobOutcome> => {
    if (ctx.signal.aborted) return interrupted(ctx);
    const text = `${pending.operation === 'bind' ? 'binding' : 'provisioning'}: ${description ?? 'the broker is working on it'}`.slice(0, 500);
    if (addon.state_description !== text) {
      await deps.store.transaction(async (tx) => {
        const current = await tx.addons.find(addon.id);
        if (current?.state === 'provisioning') await tx.addons.update({ ...current, state_description: text, updated_at: new Date(), version: current.version + 1 });
      });
    }
    return { status: 'retry', at, payload: { ...p, phase: 'poll', pending } };
  };

  const bind = async (ctx: JobContext, broker: AddonBroker, addon: Addon, p: ProvisionPayload, caller: BrokerCaller): Promise<JobOutcome> => {
    if (addon.binding_id === null) return finish(ctx, addon, p, null);
    const r = await broker.bind({ instance_id: addon.id, service_id: addon.service_id, plan_id: addon.plan_id, binding_id: addon.binding_id, app_guid: addon.app_id }, caller);
    // The instance exists now: a failed bind fails the addon, so the instance goes too.
    if (r.state === 'failed') return fail(ctx, addon, p, r.error, { unbind: r.orphan_mitigation === 'binding', deprovision: true });
    if (r.state === 'in progress') return waiting(ctx, addon, p, r.pending, nextPollAt(new Date(), new Date(r.pending.deadline), 0, null, policy) ?? new Date(), null);
    return finish(ctx, addon, p, r.result);
  };

  return {
    kind: ADDON_PROVISION,
    async run(job, ctx): Promise<JobOutcome> {
      const p = job.payload as ProvisionPayload;
      const addon = await deps.store.read((tx) => tx.addons.find(p.addon_id));
      if (!addon || addon.state !== 'provisioning') return { status: 'succeeded' };
      const broker = brokers.get(addon.broker);
      if (!broker) return fail(ctx, addon, p, new DriverUnavailableError(`The addon broker "${addon.broker}" is not configured any more.`), null);
      const caller: BrokerCaller = { user: { id: p.user.id, username: p.user.username, email: p.user.email } };
      if (p.phase === 'provision') {
        const owner = await deps.store.read((tx) => tx.apps.find({ id: addon.app_id }));
        if (!owner) return { status: 'succeeded' };
        const parameters = p.parameters && deps.box ? deps.box.openJson<Record<string, unknown>>(p.parameters) : undefined;
        const r = await broker.provision(
          {
            instance_id: addon.id,
            service_id: addon.service_id,
            plan_id: addon.plan_id,
            organization_guid: owner.organization.id,
            space_guid: owner.space.id,
            context: { app_id: owner.app.id, app_name: owner.app.name, space_name: owner.space.name, organization_name: owner.organization.name, instance_name: addon.name },
            ...(parameters ? { parameters } : {}),
          },
          caller,
        );
        if (r.state === 'failed') return fail(ctx, addon, p, r.error, r.orphan_mitigation === 'instance' ? { unbind: false, deprovision: true } : null);
        if (r.state === 'in progress') return waiting(ctx, addon, p, r.pending, nextPollAt(new Date(), new Date(r.pending.deadline), 0, null, policy) ?? new Date(), null);
        return bind(ctx, broker, addon, { ...p, phase: 'bind' }, caller);
      }
      if (p.phase === 'bind') return bind(ctx, broker, addon, p, caller);
      const pending = p.pending as PendingBrokerOperation;
      const result = await broker.pollLastOperation(pending, {});
      const decision = decideAfterPoll(pending, result, new Date(), policy);
      if (decision.action === 'poll') {
        const description = result.state === 'in progress' ? result.description : null;
        return waiting(ctx, addon, p, decision.pending, decision.at, description);
      }
      if (decision.action === 'failed') {
        const unbind = pending.operation === 'bind' && decision.orphan_mitigation === 'binding';
        return fail(ctx, addon, p, new DriverUnavailableError(`The addon broker could not ${pending.operation} ${addon.name}: ${decision.reason}`), { unbind, deprovision: true });
      }
      if (pending.operation === 'provision') return bind(ctx, broker, addon, { ...p, phase: 'bind' }, caller);
      return finish(ctx, addon, p, decision.result.binding ?? { credentials: {}, syslog_drain_url: null, route_service_url: null, volume_mounts: [], endpoints: [], metadata: null });
    },
  };
}

/** State of a clean-up job between runs. */
interface CleanupState extends CleanupPayload {
  phase?: 'unbind' | 'deprovision';
  pending?: PendingBrokerOperation | null;
  attempts?: number;
}

/**
 * Unbinds and deprovisions at a broker until it says yes (OSB orphan mitigation never gives up),
 * then removes the addon row of a user delete. Answers of 410 count as done.
 */
export function addonCleanupHandler(deps: AddonJobDeps): JobHandler {
  const brokers = new Map(deps.brokers.map((b) => [b.name, b]));
  const policy = deps.pollPolicy ?? DEFAULT_POLL_POLICY;
  return {
    kind: ADDON_CLEANUP,
    async run(job, ctx): Promise<JobOutcome> {
      let s = job.payload as CleanupState;
      const attempts = s.attempts ?? 0;
      const later = (error: string): JobOutcome => ({ status: 'retry', at: nextOrphanMitigationAt(new Date(), attempts), error, payload: { ...s, pending: null, attempts: attempts + 1 } });
      const broker = brokers.get(s.broker);
      if (!broker) return later(`the addon broker "${s.broker}" is not configured`);
      let phase = s.phase ?? (s.unbind && s.binding_id ? 'unbind' : 'deprovision');
      const ref = { instance_id: s.instance_id, service_id: s.service_id, plan_id: s.plan_id };
      if (s.pending) {
        const result = await broker.pollLastOperation(s.pending, {});
        const decision = decideAfterPoll(s.pending, result, new Date(), policy);
        if (decision.action === 'poll') return { status: 'retry', at: decision.at, payload: { ...s, pending: decision.pending } };
        if (decision.action === 'failed') return later(decision.reason);
        s = { ...s, pending: null };
        if (phase === 'unbind') phase = 'deprovision';
        else return done(ctx, deps, s);
      }
      if (phase === 'unbind') {
        const r = await broker.unbind({ ...ref, binding_id: s.binding_id! }, {});
        if (r.state === 'failed') return later(r.error.message);
        if (r.state === 'in progress') return { status: 'retry', at: nextPollAt(new Date(), new Date(r.pending.deadline), 0, null, policy) ?? new Date(), payload: { ...s, phase, pending: r.pending } };
        phase = 'deprovision';
      }
      if (!s.deprovision) return done(ctx, deps, s);
      const r = await broker.deprovision(ref, {});
      if (r.state === 'failed') return later(r.error.message);
      if (r.state === 'in progress') return { status: 'retry', at: nextPollAt(new Date(), new Date(r.pending.deadline), 0, null, policy) ?? new Date(), payload: { ...s, phase: 'deprovision', pending: r.pending } };
      return done(ctx, deps, s);
    },
  };
}

async function done(ctx: JobContext, deps: AddonJobDeps, s: CleanupState): Promise<JobOutcome> {
  if (ctx.signal.aborted) return interrupted(ctx);
  if (s.delete_addon) {
    const id = s.delete_addon;
    await deps.store.transaction(async (tx) => {
      const addon = await tx.addons.find(id);
      if (addon?.state === 'deprovisioning') await tx.addons.delete(id);
    });
  }
  return { status: 'succeeded' };
}

function actorOf(p: ProvisionPayload): Principal {
  return p.user ? { id: p.user.id, username: p.user.username, email: p.user.email, roles: [] } : SYSTEM;
}

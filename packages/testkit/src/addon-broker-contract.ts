import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConflictError,
  DEFAULT_POLL_POLICY,
  decideAfterPoll,
  isPlatformError,
  resolvePlan,
  type AddonBroker,
  type BrokerCallResult,
  type BrokerCatalog,
  type LastOperationResult,
  type PollDecision,
  type PollPolicy,
  type ResolvedPlan,
} from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** How a broker operation ended once polling (if any) was over. */
export type SettledOperation<T> =
  | { state: 'succeeded'; result: T | null; poll: Extract<LastOperationResult, { state: 'succeeded' }> | null; polls: LastOperationResult[] }
  | Extract<BrokerCallResult<T>, { state: 'failed' }>
  | (Extract<PollDecision, { action: 'failed' }> & { state: 'poll failed'; polls: LastOperationResult[] });

/**
 * Drives one broker call to its end in memory, the way the core's durable job does step by step
 * (same pure `decideAfterPoll`), really waiting between polls. For tests and tools, not for servers.
 */
export async function settleBrokerCall<T>(
  broker: AddonBroker,
  first: BrokerCallResult<T>,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): Promise<SettledOperation<T>> {
  if (first.state === 'failed') return first;
  if (first.state === 'succeeded') return { state: 'succeeded', result: first.result, poll: null, polls: [] };
  let pending = first.pending;
  const polls: LastOperationResult[] = [];
  for (;;) {
    const result = await broker.pollLastOperation(pending);
    polls.push(result);
    const decision = decideAfterPoll(pending, result, new Date(), policy);
    if (decision.action === 'succeeded') return { state: 'succeeded', result: null, poll: decision.result, polls };
    if (decision.action === 'failed') return { ...decision, state: 'poll failed', polls };
    pending = decision.pending;
    await sleep(Math.max(0, decision.at.getTime() - Date.now()));
  }
}

/** What an AddonBroker adapter's test hands the contract. */
export interface AddonBrokerFixture {
  broker: AddonBroker;
  /** `service:plan` of a plan that provisions and binds. */
  plan: string;
  /** `service:plan` the `plan` instances may be updated to, when the broker supports plan changes. */
  updatePlan?: string;
  /** `service:plan` of a plan whose operations complete asynchronously, when the broker has one. */
  asyncPlan?: string;
  /** Whether the backing resource of an instance exists (proves deprovision really deleted it). */
  instanceExists(instanceId: string): Promise<boolean>;
  /** Uses binding credentials for real (connects, writes, reads); throws when they do not work. */
  useCredentials?(credentials: Record<string, unknown>): Promise<void>;
  /** Polling policy for async plans (keep it quick in tests). */
  pollPolicy?: PollPolicy;
  /** Called once after the suite. */
  teardown?: () => Promise<void>;
}

/** What the broker under test supports; the contract runs every case it claims and skips none. */
export interface AddonBrokerCapabilities {
  /** Instances of `plan` can move to `updatePlan`. */
  planChanges: boolean;
  /** `asyncPlan` answers 202 and completes through last_operation polling. */
  asyncOperations: boolean;
}

const TIMEOUT = 120_000;

/**
 * The behaviour every AddonBroker adapter must show: catalog with plan overrides resolved, idempotent
 * provision/bind, deletes that treat "already gone" as success, async operations that settle through
 * `pollLastOperation`, and rejections that are PlatformErrors without orphan mitigation.
 */
export function addonBrokerContract(
  name: string,
  setup: () => Promise<AddonBrokerFixture>,
  capabilities: AddonBrokerCapabilities,
): void {
  describe(`AddonBroker contract: ${name}`, () => {
    let fx: AddonBrokerFixture;
    let catalog: BrokerCatalog;
    const org = randomUUID();
    const space = randomUUID();

    beforeAll(async () => {
      fx = await setup();
      catalog = await fx.broker.catalog({ refresh: true });
    }, TIMEOUT);

    afterAll(async () => {
      await fx?.teardown?.();
    }, TIMEOUT);

    const ids = (p: ResolvedPlan) => ({ service_id: p.service.id, plan_id: p.plan.id });
    const provisionRequest = (p: ResolvedPlan, instanceId: string, parameters?: Record<string, unknown>) => ({
      instance_id: instanceId,
      ...ids(p),
      organization_guid: org,
      space_guid: space,
      context: { space_guid: space },
      ...(parameters ? { parameters } : {}),
    });
    const policy = () => fx.pollPolicy ?? DEFAULT_POLL_POLICY;

    it('publishes a catalog whose plans carry resolved bindable and plan_updateable flags', () => {
      expect(catalog.services.length).toBeGreaterThan(0);
      const seen = new Set<string>();
      for (const s of catalog.services) {
        expect(s.plans.length).toBeGreaterThan(0);
        for (const p of s.plans) {
          expect(typeof p.bindable).toBe('boolean');
          expect(typeof p.plan_updateable).toBe('boolean');
          expect(seen.has(p.id)).toBe(false);
          seen.add(p.id);
        }
      }
      expect(resolvePlan(catalog, fx.plan).plan.bindable).toBe(true);
    });

    it('provisions, binds, unbinds and deprovisions, each replay being harmless', async () => {
      const plan = resolvePlan(catalog, fx.plan);
      const instanceId = randomUUID();
      const req = provisionRequest(plan, instanceId);
      const provisioned = await settleBrokerCall(fx.broker, await fx.broker.provision(req, { user: { id: randomUUID(), username: 'contract' } }), policy());
      expect(provisioned.state).toBe('succeeded');
      expect(await fx.instanceExists(instanceId)).toBe(true);
      const replay = await fx.broker.provision(req);
      expect(replay.state).not.toBe('failed');
      if (replay.state === 'succeeded') expect(replay.result.already_existed).toBe(true);

      const binding = { instance_id: instanceId, binding_id: randomUUID(), ...ids(plan), app_guid: randomUUID() };
      const bound = await settleBrokerCall(fx.broker, await fx.broker.bind(binding), policy());
      expect(bound.state).toBe('succeeded');
      if (bound.state !== 'succeeded') return;
      const credentials = bound.result?.credentials ?? bound.poll?.binding?.credentials ?? {};
      expect(Object.keys(credentials).length).toBeGreaterThan(0);
      await fx.useCredentials?.(credentials);
      const again = await fx.broker.bind(binding);
      expect(again.state).not.toBe('failed');
      if (again.state === 'succeeded') {
        expect(again.result.already_existed).toBe(true);
        expect(again.result.credentials).toEqual(credentials);
      }
      if (plan.service.bindings_retrievable) {
        const fetched = await fx.broker.fetchBinding(binding);
        expect(fetched.credentials).toEqual(credentials);
      }

      const unbound = await settleBrokerCall(fx.broker, await fx.broker.unbind(binding), policy());
      expect(unbound.state).toBe('succeeded');
      const unboundAgain = await fx.broker.unbind(binding);
      expect(unboundAgain).toEqual({ state: 'succeeded', result: { gone: true } });

      const ref = { instance_id: instanceId, ...ids(plan) };
      const deprovisioned = await settleBrokerCall(fx.broker, await fx.broker.deprovision(ref), policy());
      expect(deprovisioned.state).toBe('succeeded');
      expect(await fx.instanceExists(instanceId)).toBe(false);
      expect(await fx.broker.deprovision(ref)).toEqual({ state: 'succeeded', result: { gone: true } });
    }, TIMEOUT);

    it('rejects an unknown plan with a PlatformError and nothing to clean up', async () => {
      const plan = resolvePlan(catalog, fx.plan);
      const instanceId = randomUUID();
      const bogus = { ...plan, plan: { ...plan.plan, id: `no-such-plan-${randomUUID()}` } };
      const result = await fx.broker.provision(provisionRequest(bogus, instanceId));
      expect(result.state).toBe('failed');
      if (result.state !== 'failed') return;
      expect(isPlatformError(result.error)).toBe(true);
      expect(result.orphan_mitigation).toBeNull();
      expect(result.retryable).toBe(false);
      expect(await fx.instanceExists(instanceId)).toBe(false);
    }, TIMEOUT);

    it('refuses to provision an existing instance id with different attributes (409)', async () => {
      const plan = resolvePlan(catalog, fx.plan);
      const instanceId = randomUUID();
      const first = await settleBrokerCall(fx.broker, await fx.broker.provision(provisionRequest(plan, instanceId)), policy());
      expect(first.state).toBe('succeeded');
      const clash = await fx.broker.provision({ ...provisionRequest(plan, instanceId), space_guid: randomUUID() });
      expect(clash.state).toBe('failed');
      if (clash.state === 'failed') {
        expect(clash.error).toBeInstanceOf(ConflictError);
        expect(clash.orphan_mitigation).toBeNull();
      }
      const gone = await settleBrokerCall(fx.broker, await fx.broker.deprovision({ instance_id: instanceId, ...ids(plan) }), policy());
      expect(gone.state).toBe('succeeded');
    }, TIMEOUT);

    if (capabilities.planChanges) it('changes plans', async () => {
      const from = resolvePlan(catalog, fx.plan);
      const to = resolvePlan(catalog, fx.updatePlan ?? 'updatePlan is required with planChanges');
      expect(from.plan.plan_updateable).toBe(true);
      const instanceId = randomUUID();
      expect((await settleBrokerCall(fx.broker, await fx.broker.provision(provisionRequest(from, instanceId)), policy())).state).toBe('succeeded');
      const updated = await fx.broker.update({
        instance_id: instanceId,
        ...ids(to),
        previous_values: { plan_id: from.plan.id, service_id: from.service.id },
      });
      expect((await settleBrokerCall(fx.broker, updated, policy())).state).toBe('succeeded');
      const gone = await settleBrokerCall(fx.broker, await fx.broker.deprovision({ instance_id: instanceId, ...ids(to) }), policy());
      expect(gone.state).toBe('succeeded');
    }, TIMEOUT);

    if (capabilities.asyncOperations) it('runs asynchronous operations to completion through pollLastOperation', async () => {
      const plan = resolvePlan(catalog, fx.asyncPlan ?? 'asyncPlan is required with asyncOperations');
      const instanceId = randomUUID();
      const started = await fx.broker.provision(provisionRequest(plan, instanceId));
      expect(started.state).toBe('in progress');
      if (started.state !== 'in progress') return;
      expect(started.pending).toMatchObject({ broker: fx.broker.name, operation: 'provision', instance_id: instanceId, polls: 0 });
      expect(new Date(started.pending.deadline).getTime()).toBeGreaterThan(Date.now());
      expect((await settleBrokerCall(fx.broker, started, policy())).state).toBe('succeeded');
      expect(await fx.instanceExists(instanceId)).toBe(true);

      const binding = { instance_id: instanceId, binding_id: randomUUID(), ...ids(plan) };
      const bound = await settleBrokerCall(fx.broker, await fx.broker.bind(binding), policy());
      expect(bound.state).toBe('succeeded');
      if (bound.state === 'succeeded') {
        const credentials = bound.result?.credentials ?? bound.poll?.binding?.credentials ?? {};
        expect(Object.keys(credentials).length).toBeGreaterThan(0);
        await fx.useCredentials?.(credentials);
      }
      expect((await settleBrokerCall(fx.broker, await fx.broker.unbind(binding), policy())).state).toBe('succeeded');
      const gone = await settleBrokerCall(fx.broker, await fx.broker.deprovision({ instance_id: instanceId, ...ids(plan) }), policy());
      expect(gone.state).toBe('succeeded');
      expect(await fx.instanceExists(instanceId)).toBe(false);
    }, TIMEOUT);
  });
}

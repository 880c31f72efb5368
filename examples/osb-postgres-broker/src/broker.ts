import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { BindingRow, Bookkeeping, InstanceRow } from './bookkeeping.js';
import { catalogDocument, findPlan, SERVICE, type BrokerPlanDefinition } from './catalog.js';
import { ASYNC_FAILURES, bindFailure, BIND_FAILURES, GARBAGE, provisionFailure, PROVISION_FAILURES, stallMs } from './failures.js';
import { bindingRole, instanceNames, newPassword, type Provisioner } from './provisioner.js';

/** What a handler answers; the HTTP layer sends it (after `stallMs`, if set, to simulate a hung broker). */
export interface Reply {
  status: number;
  body?: unknown;
  /** Sent verbatim as application/json (the garbage-injection modes). */
  raw?: string;
  /** Retry-After seconds for polls. */
  retryAfter?: number;
  stallMs?: number;
}

/** Query string of deletes and polls. */
export type Query = Record<string, string | undefined>;

const json = (status: number, body: unknown = {}): Reply => ({ status, body });
const bad = (description: string): Reply => json(400, { description });
const concurrency = (): Reply => json(422, { error: 'ConcurrencyError', description: 'Another operation for this resource is in progress.' });
const asyncRequired = (): Reply =>
  json(422, { error: 'AsyncRequired', description: 'This Service Plan requires client support for asynchronous service operations.' });

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Options of the broker logic. */
export interface BrokerLogicOptions {
  /** Prefix of every database and role the broker creates. */
  prefix: string;
  /** How long async operations take before a poll completes them. */
  asyncDelayMs: number;
}

/**
 * The OSB endpoints' logic for a PostgreSQL broker. Async operations are recorded with the time they
 * may finish; the first poll after it does the (idempotent) work, so a broker restart loses nothing.
 */
export class PostgresBroker {
  private readonly busy = new Set<string>();
  private readonly pollCounts = new Map<string, number>();
  private readonly injectedDeprovisionFailures = new Set<string>();

  constructor(
    private readonly book: Bookkeeping,
    private readonly prov: Provisioner,
    private readonly options: BrokerLogicOptions,
  ) {}

  /** GET /v2/catalog. */
  catalog(): Reply {
    return json(200, catalogDocument());
  }

  /** PUT /v2/service_instances/:id. */
  async provision(id: string, body: Record<string, unknown>, acceptsIncomplete: boolean): Promise<Reply> {
    const serviceId = str(body.service_id);
    const planId = str(body.plan_id);
    const org = str(body.organization_guid);
    const space = str(body.space_guid);
    if (!serviceId || !planId || !org || !space) return bad('service_id, plan_id, organization_guid and space_guid are required.');
    if (body.parameters !== undefined && !obj(body.parameters)) return bad('parameters must be an object.');
    if (serviceId !== SERVICE.id) return bad(`Unknown service_id ${serviceId}.`);
    const plan = findPlan(planId);
    if (!plan) return bad(`Unknown plan_id ${planId} for service ${SERVICE.name}.`);
    const conflict = this.maintenanceConflict(plan, body.maintenance_info);
    if (conflict) return conflict;
    const parameters = obj(body.parameters) ?? {};
    const fail = plan.behaviour.chaos ? provisionFailure(parameters) : 'none';
    if (!fail) return bad(`Unknown fail mode; use one of ${PROVISION_FAILURES.join(', ')}.`);
    const isAsync = plan.behaviour.async || ASYNC_FAILURES.has(fail);

    const existing = await this.book.instance(id);
    if (existing) {
      const same =
        existing.service_id === serviceId &&
        existing.plan_id === planId &&
        existing.organization_guid === org &&
        existing.space_guid === space &&
        isDeepStrictEqual(existing.parameters, parameters);
      if (!same) return json(409, { description: 'A service instance with this id exists with different attributes.' });
      if (existing.state === 'ready') return json(200, {});
      if (existing.op_kind === 'provision' && existing.op_state === 'in progress') return json(202, { operation: existing.op_id });
      if (existing.state === 'deprovisioning') return concurrency();
    }
    if (isAsync && !acceptsIncomplete) return asyncRequired();

    return this.locked(id, async () => {
      const names = instanceNames(this.options.prefix, id);
      const op = isAsync ? this.startOp('provision') : this.noOp();
      if (!existing) {
        const inserted = await this.book.insertInstance({
          id,
          service_id: serviceId,
          plan_id: planId,
          target_plan_id: null,
          parameters,
          organization_guid: org,
          space_guid: space,
          db_name: names.db,
          role_name: names.role,
          state: 'provisioning',
          ...op,
        });
        if (!inserted) return concurrency();
      } else {
        await this.book.updateInstance(id, { state: 'provisioning', ...op });
      }
      if (isAsync) return json(202, { operation: op.op_id });

      await this.prov.createDatabase(names.db, names.role, plan.behaviour.connectionLimit);
      if (fail === 'provision-500') {
        await this.book.updateInstance(id, { state: 'failed' });
        return json(500, { description: 'Injected failure: the database was created, then the broker failed.' });
      }
      await this.book.updateInstance(id, { state: 'ready' });
      if (fail === 'provision-timeout') return { status: 201, body: {}, stallMs: stallMs(parameters) };
      if (fail === 'provision-garbage') return { status: 201, raw: GARBAGE };
      return json(201, {});
    });
  }

  /** PATCH /v2/service_instances/:id. */
  async update(id: string, body: Record<string, unknown>, acceptsIncomplete: boolean): Promise<Reply> {
    const serviceId = str(body.service_id);
    if (!serviceId) return bad('service_id is required.');
    if (body.parameters !== undefined && !obj(body.parameters)) return bad('parameters must be an object.');
    const row = await this.book.instance(id);
    if (!row) return json(404, { description: `No service instance ${id}.` });
    if (serviceId !== row.service_id) return bad(`service_id does not match the instance's service.`);
    const current = findPlan(row.plan_id)!;
    const target = findPlan(str(body.plan_id) ?? row.plan_id);
    if (!target) return bad(`Unknown plan_id ${String(body.plan_id)}.`);
    if (target.id !== current.id && (current.plan_updateable === false || target.plan_updateable === false)) {
      return json(422, { description: `Plan ${current.name} cannot be changed to ${target.name}.` });
    }
    const conflict = this.maintenanceConflict(target, body.maintenance_info);
    if (conflict) return conflict;
    if (row.state !== 'ready' || row.op_state === 'in progress') return concurrency();
    const isAsync = current.behaviour.async || target.behaviour.async;
    if (isAsync && !acceptsIncomplete) return asyncRequired();
    const parameters = { ...row.parameters, ...(obj(body.parameters) ?? {}) };

    return this.locked(id, async () => {
      if (isAsync) {
        const op = this.startOp('update');
        await this.book.updateInstance(id, { target_plan_id: target.id, parameters, ...op });
        return json(202, { operation: op.op_id });
      }
      await this.prov.setConnectionLimit(row.db_name, target.behaviour.connectionLimit);
      await this.book.updateInstance(id, { plan_id: target.id, parameters, ...this.noOp() });
      return json(200, {});
    });
  }

  /** DELETE /v2/service_instances/:id. */
  async deprovision(id: string, query: Query, acceptsIncomplete: boolean): Promise<Reply> {
    if (!query.service_id || !query.plan_id) return bad('service_id and plan_id are required.');
    const row = await this.book.instance(id);
    if (!row) return json(410, {});
    if (row.op_kind === 'deprovision' && row.op_state === 'in progress') return json(202, { operation: row.op_id });
    if (row.parameters.fail === 'deprovision-500-once' && !this.injectedDeprovisionFailures.has(id)) {
      this.injectedDeprovisionFailures.add(id);
      return json(500, { description: 'Injected failure: deprovisioning failed, nothing was deleted.' });
    }
    const plan = findPlan(row.plan_id)!;
    if (plan.behaviour.async && !acceptsIncomplete) return asyncRequired();

    return this.locked(id, async () => {
      if (plan.behaviour.async) {
        const op = this.startOp('deprovision');
        await this.book.updateInstance(id, { state: 'deprovisioning', ...op });
        return json(202, { operation: op.op_id });
      }
      await this.destroy(row);
      return json(200, {});
    });
  }

  /** GET /v2/service_instances/:id/last_operation. */
  async instanceLastOperation(id: string, query: Query): Promise<Reply> {
    const row = await this.book.instance(id);
    if (!row) return json(410, {});
    if (query.operation && query.operation !== row.op_id) return bad(`Unknown operation ${query.operation}.`);
    if (row.op_state !== 'in progress') return this.opState(row);

    const fail = findPlan(row.plan_id)?.behaviour.chaos ? row.parameters.fail : undefined;
    if (fail === 'poll-errors') {
      const n = this.pollCounts.get(id) ?? 0;
      this.pollCounts.set(id, n + 1);
      if (n === 0) return json(500, { description: 'Injected failure: last_operation is broken for a moment.' });
      if (n === 1) return { status: 503, body: { description: 'Injected failure: try later.' }, retryAfter: 1 };
      if (n === 2) return { status: 200, raw: GARBAGE };
    }
    if (fail === 'never-finishes') return this.inProgress(row, 1);
    const wait = this.remaining(row);
    if (wait > 0 || this.busy.has(id)) return this.inProgress(row, Math.max(1, Math.ceil(wait / 1000)));

    return this.locked(id, async () => {
      const kind = row.op_kind;
      if (kind === 'deprovision') {
        await this.destroy(row);
        return json(200, { state: 'succeeded', description: 'Deprovisioned.' });
      }
      if (kind === 'update') {
        const target = findPlan(row.target_plan_id)!;
        await this.prov.setConnectionLimit(row.db_name, target.behaviour.connectionLimit);
        await this.book.updateInstance(id, { plan_id: target.id, target_plan_id: null, op_state: 'succeeded', op_description: 'Updated.' });
        return json(200, { state: 'succeeded', description: 'Updated.' });
      }
      const plan = findPlan(row.plan_id)!;
      await this.prov.createDatabase(row.db_name, row.role_name, plan.behaviour.connectionLimit);
      if (fail === 'provision-async-fail') {
        const description = 'Injected failure: provisioning failed after creating the database.';
        await this.book.updateInstance(id, { state: 'failed', op_state: 'failed', op_description: description });
        return json(200, { state: 'failed', description });
      }
      await this.book.updateInstance(id, { state: 'ready', op_state: 'succeeded', op_description: 'Provisioned.' });
      return json(200, { state: 'succeeded', description: 'Provisioned.' });
    });
  }

  /** PUT /v2/service_instances/:id/service_bindings/:binding. */
  async bind(instanceId: string, id: string, body: Record<string, unknown>, acceptsIncomplete: boolean): Promise<Reply> {
    const serviceId = str(body.service_id);
    const planId = str(body.plan_id);
    if (!serviceId || !planId) return bad('service_id and plan_id are required.');
    if (body.parameters !== undefined && !obj(body.parameters)) return bad('parameters must be an object.');
    const instance = await this.book.instance(instanceId);
    if (!instance) return json(404, { description: `No service instance ${instanceId}.` });
    if (serviceId !== instance.service_id || planId !== instance.plan_id) return bad('service_id and plan_id must match the instance.');
    if (instance.state === 'failed') return json(422, { description: 'The service instance failed to provision.' });
    if (instance.state !== 'ready' || instance.op_state === 'in progress') return concurrency();
    const plan = findPlan(instance.plan_id)!;
    const parameters = obj(body.parameters) ?? {};
    const fail = plan.behaviour.chaos ? bindFailure(parameters) : 'none';
    if (!fail) return bad(`Unknown fail mode; use one of ${BIND_FAILURES.join(', ')}.`);
    const appGuid = str(obj(body.bind_resource)?.app_guid) ?? str(body.app_guid) ?? null;

    const key = `${instanceId}/${id}`;
    const existing = await this.book.binding(instanceId, id);
    if (existing) {
      if (existing.app_guid !== appGuid || !isDeepStrictEqual(existing.parameters, parameters)) {
        return json(409, { description: 'A binding with this id exists with different attributes.' });
      }
      if (existing.state === 'ready') return json(200, this.bindingBody(instance, existing));
      if (existing.op_kind === 'bind' && existing.op_state === 'in progress') return json(202, { operation: existing.op_id });
      if (existing.state === 'unbinding') return concurrency();
    }
    if (plan.behaviour.async && !acceptsIncomplete) return asyncRequired();

    return this.locked(key, async () => {
      const op = plan.behaviour.async ? this.startOp('bind') : this.noOp();
      const row: BindingRow = existing
        ? { ...existing, ...op, state: 'binding' }
        : {
            instance_id: instanceId,
            id,
            app_guid: appGuid,
            parameters,
            role_name: bindingRole(this.options.prefix, instanceId, id),
            password: newPassword(),
            state: 'binding',
            ...op,
          };
      if (existing) await this.book.updateBinding(instanceId, id, { state: 'binding', ...op });
      else if (!(await this.book.insertBinding(row))) return concurrency();
      if (plan.behaviour.async) return json(202, { operation: op.op_id });

      await this.prov.createLogin(instance.db_name, instance.role_name, row.role_name, row.password);
      if (fail === 'bind-500') {
        await this.book.updateBinding(instanceId, id, { state: 'failed' });
        return json(500, { description: 'Injected failure: the login was created, then the broker failed.' });
      }
      await this.book.updateBinding(instanceId, id, { state: 'ready' });
      if (fail === 'bind-timeout') return { status: 201, body: this.bindingBody(instance, row), stallMs: stallMs(parameters) };
      if (fail === 'bind-garbage') return { status: 201, raw: GARBAGE };
      return json(201, this.bindingBody(instance, row));
    });
  }

  /** GET /v2/service_instances/:id/service_bindings/:binding. */
  async fetchBinding(instanceId: string, id: string): Promise<Reply> {
    const instance = await this.book.instance(instanceId);
    const row = instance && (await this.book.binding(instanceId, id));
    if (!instance || !row || row.state !== 'ready') return json(404, { description: 'No such binding (or it is not ready).' });
    return json(200, this.bindingBody(instance, row));
  }

  /** DELETE /v2/service_instances/:id/service_bindings/:binding. */
  async unbind(instanceId: string, id: string, query: Query, acceptsIncomplete: boolean): Promise<Reply> {
    if (!query.service_id || !query.plan_id) return bad('service_id and plan_id are required.');
    const instance = await this.book.instance(instanceId);
    const row = instance && (await this.book.binding(instanceId, id));
    if (!instance || !row) return json(410, {});
    if (row.op_kind === 'unbind' && row.op_state === 'in progress') return json(202, { operation: row.op_id });
    const plan = findPlan(instance.plan_id)!;
    if (plan.behaviour.async && !acceptsIncomplete) return asyncRequired();
    return this.locked(`${instanceId}/${id}`, async () => {
      if (plan.behaviour.async) {
        const op = this.startOp('unbind');
        await this.book.updateBinding(instanceId, id, { state: 'unbinding', ...op });
        return json(202, { operation: op.op_id });
      }
      await this.prov.dropLogin(instance.db_name, instance.role_name, row.role_name);
      await this.book.deleteBinding(instanceId, id);
      return json(200, {});
    });
  }

  /** GET /v2/service_instances/:id/service_bindings/:binding/last_operation. */
  async bindingLastOperation(instanceId: string, id: string, query: Query): Promise<Reply> {
    const instance = await this.book.instance(instanceId);
    const row = instance && (await this.book.binding(instanceId, id));
    if (!instance || !row) return json(410, {});
    if (query.operation && query.operation !== row.op_id) return bad(`Unknown operation ${query.operation}.`);
    if (row.op_state !== 'in progress') return this.opState(row);
    const key = `${instanceId}/${id}`;
    const wait = this.remaining(row);
    if (wait > 0 || this.busy.has(key)) return this.inProgress(row, Math.max(1, Math.ceil(wait / 1000)));
    return this.locked(key, async () => {
      if (row.op_kind === 'unbind') {
        await this.prov.dropLogin(instance.db_name, instance.role_name, row.role_name);
        await this.book.deleteBinding(instanceId, id);
        return json(200, { state: 'succeeded', description: 'Unbound.' });
      }
      await this.prov.createLogin(instance.db_name, instance.role_name, row.role_name, row.password);
      await this.book.updateBinding(instanceId, id, { state: 'ready', op_state: 'succeeded', op_description: 'Bound.' });
      return json(200, { state: 'succeeded', description: 'Bound.' });
    });
  }

  private bindingBody(instance: InstanceRow, row: BindingRow): { credentials: Record<string, string> } {
    return { credentials: { DATABASE_URL: this.prov.databaseUrl(instance.db_name, row.role_name, row.password) } };
  }

  private async destroy(row: InstanceRow): Promise<void> {
    const logins = (await this.book.bindings(row.id)).map((b) => b.role_name);
    await this.prov.dropDatabase(row.db_name, row.role_name, logins);
    await this.book.deleteInstance(row.id);
    this.pollCounts.delete(row.id);
  }

  private maintenanceConflict(plan: BrokerPlanDefinition, info: unknown): Reply | null {
    if (info === undefined) return null;
    const version = str(obj(info)?.version);
    if (version === plan.maintenance_info.version) return null;
    return json(422, {
      error: 'MaintenanceInfoConflict',
      description: `maintenance_info.version must be ${plan.maintenance_info.version} for plan ${plan.name}.`,
    });
  }

  private startOp(kind: string) {
    return {
      op_kind: kind,
      op_id: `${kind}-${randomUUID()}`,
      op_state: 'in progress' as const,
      op_description: null,
      op_ready_at: new Date(Date.now() + this.options.asyncDelayMs),
    };
  }

  private noOp() {
    return { op_kind: null, op_id: null, op_state: null, op_description: null, op_ready_at: null };
  }

  private remaining(row: { op_ready_at: Date | null }): number {
    return row.op_ready_at ? row.op_ready_at.getTime() - Date.now() : 0;
  }

  private inProgress(row: { op_kind: string | null }, retryAfter: number): Reply {
    return { status: 200, body: { state: 'in progress', description: `${row.op_kind ?? 'operation'} in progress.` }, retryAfter };
  }

  private opState(row: { op_state: string | null; op_description: string | null }): Reply {
    const body: Record<string, unknown> = { state: row.op_state ?? 'succeeded' };
    if (row.op_description) body.description = row.op_description;
    return json(200, body);
  }

  /** Runs a mutation unless another one on the same resource is running (then OSB's ConcurrencyError). */
  private async locked(key: string, fn: () => Promise<Reply>): Promise<Reply> {
    if (this.busy.has(key)) return concurrency();
    this.busy.add(key);
    try {
      return await fn();
    } finally {
      this.busy.delete(key);
    }
  }
}

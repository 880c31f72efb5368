import {
  DEFAULT_POLL_POLICY,
  DriverUnavailableError,
  needsOrphanMitigation,
  pendingOperation,
  type AddonBroker,
  type BindRequest,
  type BindResult,
  type BindingRef,
  type BindingResult,
  type BrokerCallResult,
  type BrokerCaller,
  type BrokerCatalog,
  type BrokerOperationKind,
  type BrokerPlan,
  type DeleteResult,
  type InstanceRef,
  type InstanceResult,
  type LastOperationResult,
  type PendingBrokerOperation,
  type PollPolicy,
  type ProvisionRequest,
  type UpdateRequest,
} from '@slipway/core';
import { z } from 'zod';
import { parseCatalog } from './catalog.js';
import { parseOsbBrokerOptions, type OsbBrokerOptions, type ResolvedOsbBrokerOptions } from './options.js';
import { parseRetryAfter } from './retry-after.js';
import { isRetryable, toDomainError } from './to-domain-error.js';
import { OsbTransport, type HttpAnswer, type NoAnswer, type OsbRequest } from './transport.js';

const record = z.record(z.string(), z.unknown());
const instanceBody = z.object({
  dashboard_url: z.string().nullish(),
  operation: z.string().nullish(),
  metadata: record.nullish(),
});
const bindingBody = z.object({
  credentials: record.nullish(),
  syslog_drain_url: z.string().nullish(),
  route_service_url: z.string().nullish(),
  volume_mounts: z.array(z.unknown()).nullish(),
  endpoints: z.array(z.unknown()).nullish(),
  metadata: record.nullish(),
  operation: z.string().nullish(),
});
const deleteBody = z.object({ operation: z.string().nullish() });
const lastOperationBody = z.object({
  state: z.enum(['in progress', 'succeeded', 'failed']),
  description: z.string().nullish(),
  instance_usable: z.boolean().nullish(),
  update_repeatable: z.boolean().nullish(),
});

const enc = encodeURIComponent;
const instancePath = (id: string) => `/v2/service_instances/${enc(id)}`;
const bindingPath = (ref: BindingRef) => `${instancePath(ref.instance_id)}/service_bindings/${enc(ref.binding_id)}`;

function toBindingResult(body: z.infer<typeof bindingBody>): BindingResult {
  return {
    credentials: body.credentials ?? {},
    syslog_drain_url: body.syslog_drain_url ?? null,
    route_service_url: body.route_service_url ?? null,
    volume_mounts: body.volume_mounts ?? [],
    endpoints: body.endpoints ?? [],
    metadata: body.metadata ?? null,
  };
}

/**
 * AddonBroker over the Open Service Broker API v2.17. Every mutating request is sent with
 * accepts_incomplete=true, so brokers may answer synchronously or asynchronously as they please.
 */
export class OsbBroker implements AddonBroker {
  readonly name: string;
  private readonly transport: OsbTransport;
  private readonly policy: PollPolicy;
  private cached: { at: number; catalog: BrokerCatalog } | null = null;
  private inflight: Promise<BrokerCatalog> | null = null;

  constructor(private readonly options: ResolvedOsbBrokerOptions) {
    this.name = options.name;
    this.transport = new OsbTransport(options);
    this.policy = { ...DEFAULT_POLL_POLICY, ...(options.pollPolicy ?? {}) };
  }

  /** The broker's catalog, reused for `catalogTtlMs`; concurrent callers share one request. */
  async catalog(options: { refresh?: boolean } = {}): Promise<BrokerCatalog> {
    if (!options.refresh && this.cached && Date.now() - this.cached.at < this.options.catalogTtlMs) return this.cached.catalog;
    this.inflight ??= this.fetchCatalog().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  async provision(req: ProvisionRequest, caller?: BrokerCaller): Promise<BrokerCallResult<InstanceResult>> {
    const body: Record<string, unknown> = {
      service_id: req.service_id,
      plan_id: req.plan_id,
      organization_guid: req.organization_guid,
      space_guid: req.space_guid,
      context: { ...(req.context ?? {}), platform: this.options.platform },
    };
    if (req.parameters) body.parameters = req.parameters;
    if (req.maintenance_info) body.maintenance_info = req.maintenance_info;
    const answer = await this.send({ method: 'PUT', path: instancePath(req.instance_id), query: { accepts_incomplete: 'true' }, body, caller });
    return this.interpret('provision', answer, req, null, instanceBody, (b, status) => ({
      dashboard_url: b.dashboard_url ?? null,
      metadata: b.metadata ?? null,
      already_existed: status === 200,
    }));
  }

  async update(req: UpdateRequest, caller?: BrokerCaller): Promise<BrokerCallResult<InstanceResult>> {
    const body: Record<string, unknown> = {
      service_id: req.service_id,
      plan_id: req.plan_id,
      context: { ...(req.context ?? {}), platform: this.options.platform },
    };
    if (req.parameters) body.parameters = req.parameters;
    if (req.maintenance_info) body.maintenance_info = req.maintenance_info;
    if (req.previous_values) body.previous_values = req.previous_values;
    const answer = await this.send({ method: 'PATCH', path: instancePath(req.instance_id), query: { accepts_incomplete: 'true' }, body, caller });
    // OSB: polls after a plan change name the plan the instance had before it.
    const pollRef = { ...req, plan_id: req.previous_values?.plan_id ?? req.plan_id };
    return this.interpret('update', answer, pollRef, null, instanceBody, (b) => ({
      dashboard_url: b.dashboard_url ?? null,
      metadata: b.metadata ?? null,
      already_existed: false,
    }));
  }

  async deprovision(ref: InstanceRef, caller?: BrokerCaller): Promise<BrokerCallResult<DeleteResult>> {
    const answer = await this.send({
      method: 'DELETE',
      path: instancePath(ref.instance_id),
      query: { accepts_incomplete: 'true', service_id: ref.service_id, plan_id: ref.plan_id },
      caller,
    });
    return this.interpret('deprovision', answer, ref, null, deleteBody, (_b, status) => ({ gone: status === 410 }));
  }

  async bind(req: BindRequest, caller?: BrokerCaller): Promise<BrokerCallResult<BindResult>> {
    const body: Record<string, unknown> = {
      service_id: req.service_id,
      plan_id: req.plan_id,
      context: { ...(req.context ?? {}), platform: this.options.platform },
    };
    if (req.app_guid) {
      body.app_guid = req.app_guid;
      body.bind_resource = { app_guid: req.app_guid };
    }
    if (req.parameters) body.parameters = req.parameters;
    const answer = await this.send({ method: 'PUT', path: bindingPath(req), query: { accepts_incomplete: 'true' }, body, caller });
    return this.interpret('bind', answer, req, req.binding_id, bindingBody, (b, status) => ({
      ...toBindingResult(b),
      already_existed: status === 200,
    }));
  }

  async unbind(ref: BindingRef, caller?: BrokerCaller): Promise<BrokerCallResult<DeleteResult>> {
    const answer = await this.send({
      method: 'DELETE',
      path: bindingPath(ref),
      query: { accepts_incomplete: 'true', service_id: ref.service_id, plan_id: ref.plan_id },
      caller,
    });
    return this.interpret('unbind', answer, ref, ref.binding_id, deleteBody, (_b, status) => ({ gone: status === 410 }));
  }

  async pollLastOperation(pending: PendingBrokerOperation, caller?: BrokerCaller): Promise<LastOperationResult> {
    const binding = pending.binding_id !== null;
    const ref = { ...pending, binding_id: pending.binding_id ?? '' };
    const path = `${binding ? bindingPath(ref) : instancePath(pending.instance_id)}/last_operation`;
    const query: Record<string, string | undefined> = { service_id: pending.service_id, plan_id: pending.plan_id };
    if (pending.operation_id !== null) query.operation = pending.operation_id;
    const action = `the poll of ${pending.operation}`;
    const answer = await this.send({ method: 'GET', path, query, caller });
    const retryAfter = answer.kind === 'http' ? parseRetryAfter(answer.headers.get('retry-after')) : null;
    const unknown = (a: HttpAnswer | NoAnswer): LastOperationResult => ({ state: 'unknown', error: this.error(a, action), retry_after_ms: retryAfter });

    if (answer.kind !== 'http') return unknown(answer);
    const deleting = pending.operation === 'deprovision' || pending.operation === 'unbind';
    // 410 confirms a delete; while creating it is an invalid answer and OSB says to keep polling.
    if (answer.status === 410 && deleting) return { state: 'succeeded', description: null, gone: true };
    if (answer.status !== 200) return unknown(answer);
    const parsed = lastOperationBody.safeParse(answer.json);
    if (!parsed.success) return unknown({ ...answer, malformed: true });
    const b = parsed.data;
    const description = b.description ?? null;
    if (b.state === 'in progress') return { state: 'in progress', description, retry_after_ms: retryAfter };
    if (b.state === 'failed') {
      return { state: 'failed', description, instance_usable: b.instance_usable ?? null, update_repeatable: b.update_repeatable ?? null };
    }
    if (pending.operation !== 'bind') return { state: 'succeeded', description, gone: false };
    // An async bind's credentials are only available from GET binding; until that works, keep polling.
    try {
      const result = await this.fetchBinding(ref, caller);
      return { state: 'succeeded', description, gone: false, binding: result };
    } catch (err) {
      const error = err instanceof DriverUnavailableError ? err : new DriverUnavailableError(`addon broker "${this.name}": ${(err as Error).message}`);
      return { state: 'unknown', error, retry_after_ms: null };
    }
  }

  async fetchBinding(ref: BindingRef, caller?: BrokerCaller): Promise<BindingResult> {
    const query = { service_id: ref.service_id, plan_id: ref.plan_id };
    const answer = await this.send({ method: 'GET', path: bindingPath(ref), query, caller });
    const action = 'the binding fetch';
    if (answer.kind !== 'http' || answer.status !== 200) throw this.error(answer, action);
    const parsed = bindingBody.safeParse(answer.json);
    if (!parsed.success) throw this.error({ ...answer, malformed: true }, action);
    return toBindingResult(parsed.data);
  }

  private async fetchCatalog(): Promise<BrokerCatalog> {
    const answer = await this.send({ method: 'GET', path: '/v2/catalog' });
    if (answer.kind !== 'http' || answer.status !== 200) throw this.error(answer, 'the catalog request');
    const parsed = answer.malformed ? { error: 'not JSON' } : parseCatalog(answer.json);
    if ('error' in parsed) throw new DriverUnavailableError(`addon broker "${this.name}" returned an invalid catalog (${parsed.error})`);
    this.cached = { at: Date.now(), catalog: parsed.catalog };
    return parsed.catalog;
  }

  private send(req: OsbRequest): Promise<HttpAnswer | NoAnswer> {
    return this.transport.send(req);
  }

  private error(answer: HttpAnswer | NoAnswer, action: string) {
    return toDomainError(answer, { broker: this.name, url: this.transport.url, action });
  }

  /** Maps one answer to a mutating request onto the port's outcome, following the OSB status tables. */
  private async interpret<B extends { operation?: string | null | undefined }, T>(
    operation: BrokerOperationKind,
    answer: HttpAnswer | NoAnswer,
    ref: InstanceRef,
    bindingId: string | null,
    schema: z.ZodType<B>,
    build: (body: B, status: number) => T,
  ): Promise<BrokerCallResult<T>> {
    const failed = (a: HttpAnswer | NoAnswer): BrokerCallResult<T> => ({
      state: 'failed',
      error: this.error(a, operation),
      orphan_mitigation: needsOrphanMitigation(a.kind === 'http' ? { kind: 'http', status: a.status, malformed: a.malformed } : { kind: a.kind }, operation),
      retryable: isRetryable(a),
    });
    if (answer.kind !== 'http') return failed(answer);
    const deleting = operation === 'deprovision' || operation === 'unbind';
    if (answer.status === 410 && deleting) return { state: 'succeeded', result: build({} as B, 410) };
    if (answer.status !== 200 && answer.status !== 201 && answer.status !== 202) return failed(answer);
    const parsed = answer.malformed ? null : schema.safeParse(answer.json);
    // OSB counts any 202 as accepted: with an unreadable body, poll without an operation id.
    if (answer.status === 202) {
      const body = parsed?.success ? parsed.data : ({} as B);
      const plan = await this.cachedPlan(ref.service_id, ref.plan_id);
      const pending = pendingOperation(
        {
          broker: this.name,
          operation,
          instance_id: ref.instance_id,
          service_id: ref.service_id,
          plan_id: ref.plan_id,
          binding_id: bindingId,
          operation_id: body.operation ?? null,
        },
        new Date(),
        plan,
        this.policy,
      );
      const dashboard = (body as { dashboard_url?: string | null }).dashboard_url;
      return dashboard !== undefined ? { state: 'in progress', pending, dashboard_url: dashboard } : { state: 'in progress', pending };
    }
    if (!parsed?.success) return failed({ ...answer, malformed: true });
    return { state: 'succeeded', result: build(parsed.data, answer.status) };
  }

  /** The plan for deadline purposes; a catalog outage must not fail an operation the broker accepted. */
  private async cachedPlan(serviceId: string, planId: string): Promise<BrokerPlan | null> {
    const catalog = await this.catalog().catch(() => null);
    return catalog?.services.find((s) => s.id === serviceId)?.plans.find((p) => p.id === planId) ?? null;
  }
}

/** Creates an OSB AddonBroker from host options (validated; throws ValidationError naming the bad field). */
export function osbBroker(options: OsbBrokerOptions): OsbBroker {
  return new OsbBroker(parseOsbBrokerOptions(options));
}

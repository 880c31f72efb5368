import type { InjectionToken } from 'tsyringe';
import type { PlatformError } from '../../../errors.js';
import type {
  BindingResult,
  BrokerCatalog,
  LastOperationResult,
  MaintenanceInfo,
  OrphanTarget,
  PendingBrokerOperation,
} from '../domain/addons.js';

/** Who a broker call is made for; OSB X-Broker-API-Originating-Identity and Request-Identity. */
export interface BrokerCaller {
  /** The platform user who asked; leave out for calls the platform makes on its own (polls, orphan mitigation). */
  user?: { id: string; username?: string; email?: string };
  /** Correlates broker logs with ours; the adapter generates one when absent. */
  requestId?: string;
}

/** Names one service instance at a broker (ids are chosen by the platform, plans by the catalog). */
export interface InstanceRef {
  instance_id: string;
  service_id: string;
  plan_id: string;
}

/** Names one binding of a service instance. */
export interface BindingRef extends InstanceRef {
  binding_id: string;
}

/** A provision request; `context` is platform specific (the adapter adds `platform`). */
export interface ProvisionRequest extends InstanceRef {
  organization_guid: string;
  space_guid: string;
  context?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  maintenance_info?: MaintenanceInfo;
}

/** An update: `plan_id` is the plan wanted, `previous_values` what the instance had. */
export interface UpdateRequest extends InstanceRef {
  previous_values?: {
    plan_id?: string;
    service_id?: string;
    organization_id?: string;
    space_id?: string;
    maintenance_info?: MaintenanceInfo;
  };
  context?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  maintenance_info?: MaintenanceInfo;
}

/** A bind request; `app_guid` names the app the credentials are for. */
export interface BindRequest extends BindingRef {
  app_guid?: string;
  context?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
}

/** What a broker returns for a provisioned or updated instance. */
export interface InstanceResult {
  dashboard_url: string | null;
  metadata: Record<string, unknown> | null;
  /** The broker answered 200: the identical instance (or binding) already existed (a replayed request). */
  already_existed: boolean;
}

/** Outcome of a delete; `gone` when the broker answered 410 (it did not have it: still a success). */
export interface DeleteResult {
  gone: boolean;
}

/** Binding data plus whether the broker already had it. */
export interface BindResult extends BindingResult {
  already_existed: boolean;
}

/**
 * Outcome of one mutating broker request. Failures are values, not exceptions, because the caller
 * (a durable job) must act on them: mark the addon failed, schedule orphan mitigation, or retry.
 */
export type BrokerCallResult<T> =
  | { state: 'succeeded'; result: T }
  /** The broker answered 202: poll with `pending` (store it in a job) until it settles. */
  | { state: 'in progress'; pending: PendingBrokerOperation; dashboard_url?: string | null }
  | {
      state: 'failed';
      /** A core error with a message fit for the user (the broker's own description when it gave one). */
      error: PlatformError;
      /** What the caller must delete at the broker because it may exist there now (OSB orphan table). */
      orphan_mitigation: OrphanTarget;
      /** The same request may succeed later unchanged (broker busy, down or erroring). */
      retryable: boolean;
    };

/**
 * A source of addons: a catalog of services and plans, and the single-step operations on instances
 * and bindings. Each method sends one request (no internal waiting or retrying) so the core can run
 * the long parts as durable jobs. Implementations must be safe to call again after a crash: every
 * request is idempotent at the broker for the same ids.
 */
export interface AddonBroker {
  /** Stable name of this broker in the host configuration (stored with instances and pending operations). */
  readonly name: string;
  /** The broker's services and plans, plan overrides applied; cached briefly unless `refresh`. Throws PlatformErrors. */
  catalog(options?: { refresh?: boolean }): Promise<BrokerCatalog>;
  /** Creates an instance; an `in progress` result carries the operation to poll. */
  provision(request: ProvisionRequest, caller?: BrokerCaller): Promise<BrokerCallResult<InstanceResult>>;
  /** Changes plan, parameters or maintenance_info of an instance. Never asks for orphan mitigation. */
  update(request: UpdateRequest, caller?: BrokerCaller): Promise<BrokerCallResult<InstanceResult>>;
  /** Deletes an instance (its bindings must be gone first); 410 counts as success. */
  deprovision(ref: InstanceRef, caller?: BrokerCaller): Promise<BrokerCallResult<DeleteResult>>;
  /** Creates a binding and returns its credentials (after an async bind they come with the last poll). */
  bind(request: BindRequest, caller?: BrokerCaller): Promise<BrokerCallResult<BindResult>>;
  /** Deletes a binding; 410 counts as success. */
  unbind(ref: BindingRef, caller?: BrokerCaller): Promise<BrokerCallResult<DeleteResult>>;
  /**
   * One poll of a pending operation. Transient trouble comes back as state `unknown`, never thrown;
   * for binds a `succeeded` result already carries the fetched credentials.
   */
  pollLastOperation(pending: PendingBrokerOperation, caller?: BrokerCaller): Promise<LastOperationResult>;
  /** Reads a binding's credentials again (OSB GET binding). Throws PlatformErrors. */
  fetchBinding(ref: BindingRef, caller?: BrokerCaller): Promise<BindingResult>;
}

/** DI token of the addon brokers (several: each addon remembers the broker it lives at). */
export const ADDON_BROKERS: InjectionToken<AddonBroker[]> = Symbol.for('slipway.AddonBrokers');

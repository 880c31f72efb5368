import type { ResourcePayload } from '../../kernel/payloads.js';

declare module '../../kernel/payloads.js' {
  /** The pipelines module's events (audited; not webhook events). */
  interface PlatformEventMap {
    pipeline_create: ResourcePayload;
    pipeline_delete: ResourcePayload;
    pipeline_coupling_create: ResourcePayload;
    pipeline_coupling_update: ResourcePayload;
    pipeline_coupling_delete: ResourcePayload;
    pipeline_promotion_create: ResourcePayload;
    pipeline_promotion_update: ResourcePayload;
    release_status_change: ResourcePayload;
  }
}

/** The module's event names, for hosts and tests that filter audits. */
export const PIPELINE_EVENTS = [
  'pipeline_create',
  'pipeline_delete',
  'pipeline_coupling_create',
  'pipeline_coupling_update',
  'pipeline_coupling_delete',
  'pipeline_promotion_create',
  'pipeline_promotion_update',
  'release_status_change',
] as const;

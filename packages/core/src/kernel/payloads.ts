/** The `app` block every app event payload starts with. */
export interface EventApp {
  name: string;
  id: string;
}

/** The `space` block every app event payload carries. */
export interface EventSpace {
  name: string;
}

/** Fields common to all app event payloads (the seed's webhook bodies). */
export interface AppEventBase {
  app: EventApp;
  space: EventSpace;
}

/** `config_change`: user-defined config var changes (values redacted in socs spaces). */
export interface ConfigChangePayload extends AppEventBase {
  changes: Array<{ type: 'create' | 'update' | 'delete'; name: string }>;
  config_vars: Record<string, string>;
}

/** `feature_change`: a feature switched on or off. */
export interface FeatureChangePayload extends AppEventBase {
  change: 'update';
  changes: Array<{ type: 'update'; name: string; value: boolean }>;
  feature: Record<string, unknown>;
}

/** `crashed`: dynos ran out of memory, failed to start or exited (codes H0, H8, H9, H10, H20, H99, R14). */
export interface CrashedPayload extends AppEventBase {
  code: string;
  description: string;
  restarts: number;
  dynos: Array<{ type: string; dyno: string }>;
  crashed_at: string;
}

/** `destroy`: the app was deleted. */
export type DestroyPayload = AppEventBase;

/** `release`: a release was created and its rollout begins. */
export interface ReleasePayload extends AppEventBase {
  release: { id: string; result: 'succeeded' | 'failed'; created_at: string; version: number; description: string };
  build: { id: string | null };
}

/** `build`: a build is pending, or finished (`stopped` builds report `failed`). */
export interface BuildPayload extends AppEventBase {
  build: { id: string; result: 'pending' | 'succeeded' | 'failed'; created_at: string; repo: string; commit: string };
}

/** `formation_change`: process types were created, scaled or changed, or deleted. */
export interface FormationChangePayload extends AppEventBase {
  change: 'create' | 'update' | 'delete';
  changes: Array<{ type: string; port: number | null; command: string | null; size: string; quantity: number }>;
}

/** `released`: every dyno of a new release runs and takes requests. */
export interface ReleasedPayload extends AppEventBase {
  slug: { image: string };
  released_at: string;
}

/** One addon as `addon_change` reports it (the seed's shape: no credentials, only var names). */
export interface AddonChangeItem {
  actions: null;
  addon_service: { id: string; name: string };
  config_vars: string[];
  created_at: string;
  id: string;
  name: string;
  plan: { id: string; name: string };
  provider_id: string;
  updated_at: string;
  web_url: string;
}

/** `addon_change`: an addon was provisioned (`create`) or permanently removed (`delete`); not fired for attach/detach. */
export interface AddonChangePayload extends AppEventBase {
  change: 'create' | 'delete';
  changes: AddonChangeItem[];
}

/** Payloads of platform events that are not app webhooks but still audited. */
export interface ResourcePayload {
  app?: EventApp;
  space?: EventSpace;
  [key: string]: unknown;
}

/**
 * Every event the platform emits, by action name. The first group are the seed's webhook events
 * (their payloads are the documented webhook bodies without `action`); the rest are audit-only.
 * Later issues widen the open entries (release, build, ...) with their exact shapes.
 */
export interface PlatformEventMap {
  release: ReleasePayload;
  build: BuildPayload;
  feature_change: FeatureChangePayload;
  formation_change: FormationChangePayload;
  logdrain_change: AppEventBase & Record<string, unknown>;
  addon_change: AddonChangePayload;
  config_change: ConfigChangePayload;
  destroy: DestroyPayload;
  preview: AppEventBase & Record<string, unknown>;
  released: ReleasedPayload;
  crashed: CrashedPayload;
  app_create: ResourcePayload;
  app_update: ResourcePayload;
  space_create: ResourcePayload;
  space_update: ResourcePayload;
  space_config_change: ResourcePayload;
  organization_create: ResourcePayload;
  hook_create: ResourcePayload;
  hook_update: ResourcePayload;
  hook_delete: ResourcePayload;
  addon_update: ResourcePayload;
  addon_attach: ResourcePayload;
  addon_attachment_update: ResourcePayload;
  addon_detach: ResourcePayload;
  dyno_restart: ResourcePayload;
}

/** An event's action name. */
export type PlatformEventName = keyof PlatformEventMap;

/** The actions apps can subscribe webhooks to, in the seed's order. */
export const WEBHOOK_EVENTS = [
  'release',
  'build',
  'feature_change',
  'formation_change',
  'logdrain_change',
  'addon_change',
  'config_change',
  'destroy',
  'preview',
  'released',
  'crashed',
] as const satisfies readonly PlatformEventName[];

/** One emitted event: its action, payload, who caused it and when. */
export interface PlatformEvent<K extends PlatformEventName = PlatformEventName> {
  action: K;
  payload: PlatformEventMap[K];
  username: string;
  at: Date;
  /** Ids for filtering and routing (webhooks are per app). */
  app_id?: string;
}

import type { EventApp, EventSpace } from '../../kernel/payloads.js';

/** `site_create` / `site_delete` payload (audited; sites belong to no app). */
export interface SitePayload {
  site: { id: string; domain: string; region: string };
  [key: string]: unknown;
}

/** `route_create` / `route_delete` payload: the app the route points at, so its audit log shows the change. */
export interface RoutePayload {
  app: EventApp;
  space: EventSpace;
  route: { id: string; site: string; source_path: string; target_path: string };
  [key: string]: unknown;
}

declare module '../../kernel/payloads.js' {
  /** Events of the router module. */
  interface PlatformEventMap {
    site_create: SitePayload;
    site_delete: SitePayload;
    route_create: RoutePayload;
    route_delete: RoutePayload;
  }
}

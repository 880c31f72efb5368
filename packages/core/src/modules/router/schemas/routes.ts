import { z } from 'zod';
import type { SiteRoute } from '../domain/sites.js';
import { Instant, requiredString, Uuid } from '../../../kernel/schemas.js';

/** POST /routes body (`app` may come from the path instead: POST /apps/{app}/routes, as the CLI sends it). */
export const RouteCreate = z.object({
  site: requiredString('site').max(253),
  app: z.string({ error: 'app must be a string' }).min(1, 'app must not be empty').max(80).optional(),
  source_path: requiredString('source_path').max(1024),
  target_path: z.string({ error: (iss) => (iss.input === undefined ? 'target_path is required' : 'target_path must be a string') }).max(1024),
});

/** A route as the seed shows it: `app` is the app key, `site` the site's domain. */
export const RouteResponse = z
  .object({ id: Uuid, app: z.string(), site: z.string(), source_path: z.string(), target_path: z.string(), created_at: Instant, updated_at: Instant })
  .meta({ id: 'Route' });

/** A list of routes (routes of a site or an app are few and come unpaged). */
export const RouteList = z.array(RouteResponse).meta({ id: 'RouteList' });

/** A route with the names it is shown with. */
export interface RouteView {
  route: SiteRoute;
  /** `{app}-{space}` of the target app. */
  app_key: string;
  /** The site's domain. */
  domain: string;
}

/** Wire shape of a route. */
export function presentRoute(v: RouteView): z.infer<typeof RouteResponse> {
  return {
    id: v.route.id,
    app: v.app_key,
    site: v.domain,
    source_path: v.route.source_path,
    target_path: v.route.target_path,
    created_at: v.route.created_at.toISOString(),
    updated_at: v.route.updated_at.toISOString(),
  };
}

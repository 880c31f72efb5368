import type { DependencyContainer } from 'tsyringe';
import { PermissionDeniedError } from '../../errors.js';
import type { RouteDef, RouteInput } from '../../kernel/operation.js';
import type { Permission } from '../../kernel/permissions.js';
import type { Authorizer } from './authorizer.js';
import type { Principal } from '../../kernel/authenticator.js';
import type { StoreTx } from '../../kernel/store.js';
import { UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { isUuid } from '../foundation/domain/names.js';
import type { AppView } from '../foundation/domain/records.js';
import { requireApp, requireOrganization, requireSpace } from '../foundation/services/resolve.js';
import { AUTHORIZER } from './authorizer.js';
import type { AccessTarget, Decision } from './grants.js';
import type { TokenPrincipal } from './issued-token-authenticator.js';
// Type-only: the addons and deploys modules add these repositories to StoreTx.
import type {} from '../addons/store.js';
import type {} from '../deploys/store.js';

/** The target of an app: the app, its space (with compliance) and its org. */
export function appAccessTarget(view: AppView): AccessTarget {
  return { org: view.organization.id, space: view.space.id, app: view.app.id, compliance: view.space.compliance };
}

/**
 * The org, space or app an operation acts on, from its path parameters (`app`, `space`, `org`, then the
 * `addon` or `slug` of top-level routes, resolved to their app) or, for `POST /apps`, the body's `org` and
 * `space` (for `POST /app-setups`, those of its `app`). Null when it names none: a list of everything, or the creation of an org or space.
 */
export async function resolveAccessTarget(tx: StoreTx, params: Record<string, string>, body?: unknown): Promise<AccessTarget | null> {
  if (params.app) return appAccessTarget(await requireApp(tx, params.app));
  if (params.space) {
    const space = await requireSpace(tx, params.space);
    return { space: space.id, compliance: space.compliance };
  }
  if (params.org) return { org: (await requireOrganization(tx, params.org)).id };
  if (params.addon && tx.addons) {
    const addon = await tx.addons.find(isUuid(params.addon) ? params.addon.toLowerCase() : params.addon.toLowerCase());
    // An unknown addon is the handler's 404 to give; the caller still needs the permission somewhere.
    return addon ? appAccessTarget(await requireApp(tx, addon.app_id)) : null;
  }
  if (params.slug && tx.slugs && isUuid(params.slug)) {
    const slug = await tx.slugs.get(params.slug.toLowerCase());
    return slug ? appAccessTarget(await requireApp(tx, slug.app_id)) : null;
  }
  const b = (body ?? {}) as Record<string, unknown>;
  // POST /app-setups names the app's org and space inside `app` (`organization` or `org`); unknown ones are its 422 to give.
  const setup = typeof b.app === 'object' && b.app !== null ? (b.app as Record<string, unknown>) : null;
  const setupOrg = setup ? (setup.organization ?? setup.org) : undefined;
  if (setup && typeof setup.space === 'string' && typeof setupOrg === 'string') {
    const [org, space] = await Promise.all([tx.organizations.find(setupOrg.trim().toLowerCase()), tx.spaces.find(setup.space.trim().toLowerCase())]);
    if (org && space) return { org: org.id, space: space.id, compliance: space.compliance };
  }
  if (typeof b.space === 'string' && typeof b.org === 'string') {
    const [org, space] = await Promise.all([requireOrganization(tx, b.org, 'org'), requireSpace(tx, b.space, 'space')]);
    return { org: org.id, space: space.id, compliance: space.compliance };
  }
  return null;
}

/**
 * The target an operation is checked against: its resolved target; for a read that names none, `anywhere`
 * (the permission held at any scope); for a write that names none (creating an org or a space), the platform,
 * which only platform roles cover.
 */
export function checkedTarget(def: Pick<RouteDef, 'method'>, target: AccessTarget | null): AccessTarget {
  if (target) return target;
  return def.method === 'get' ? { anywhere: true } : {};
}

/** The 403 for a refused decision, naming the missing permission. */
export function refusal(def: Pick<RouteDef, 'method' | 'path'>, decision: Extract<Decision, { allowed: false }>): PermissionDeniedError {
  const path = Array.isArray(def.path) ? def.path[0] : def.path;
  const why = decision.reason === 'elevation_required' ? ' from an admin or owner role (compliance space)' : '';
  return new PermissionDeniedError(decision.missing, `${def.method.toUpperCase()} ${path} needs ${decision.missing}${why}.`);
}

/**
 * Enforces an operation's permission for one request: a no-op when the operation declares none or no Authorizer
 * is installed (without the identity module any authenticated caller may do anything); PermissionDeniedError
 * (403) when refused. Runs before body validation, so a refused caller learns nothing about valid bodies.
 * Resolves with the app the `{app}` parameter named when it had to load it, so the handler need not load it again.
 */
export async function authorizeOperation(
  container: DependencyContainer,
  def: Pick<RouteDef, 'method' | 'path' | 'permission'>,
  input: { params: Record<string, string>; body?: unknown; principal: Principal },
): Promise<{ app?: AppView }> {
  if (!def.permission || !container.isRegistered(AUTHORIZER, true)) return {};
  const authorizer = container.resolve(AUTHORIZER);
  let app: AppView | undefined;
  const target = await container.resolve(UNIT_OF_WORK).read(async (tx) => {
    // The common case first, keeping the view: every app route checks against the app its path names.
    if (!input.params.app) return resolveAccessTarget(tx, input.params, input.body);
    app = await requireApp(tx, input.params.app);
    return appAccessTarget(app);
  });
  const decision = await authorizer.authorize(input.principal as TokenPrincipal, def.permission, checkedTarget(def, target));
  if (!decision.allowed) throw refusal(def, decision);
  return app ? { app } : {};
}

/**
 * Whether the caller holds `permission` on the target the path parameters name, for handlers whose answer
 * depends on it (unredacted config in compliance spaces). False when no Authorizer is installed, so a host
 * without the identity module keeps redacting.
 */
export async function holdsPermission(resolve: RouteInput<unknown, unknown>['resolve'], principal: Principal, permission: Permission, params: Record<string, string>): Promise<boolean> {
  let authorizer: Authorizer;
  try {
    authorizer = resolve(AUTHORIZER);
  } catch {
    return false;
  }
  const target = await resolve(UNIT_OF_WORK).read((tx) => resolveAccessTarget(tx, params));
  return target ? (await authorizer.authorize(principal as TokenPrincipal, permission, target)).allowed : false;
}

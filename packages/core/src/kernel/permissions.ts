/**
 * Everything the Platform Apps API lets a caller do, as `resource:action` names. Each operation asks for
 * exactly one of them on one target (org, space or app); read-only catalog endpoints (regions, stacks,
 * addon services and plans, plugins list) only need an authenticated caller and ask for none.
 */
export const PERMISSIONS = {
  'org:read': 'See an organization and list its spaces and apps.',
  'org:admin': 'Create, rename or delete an organization.',
  'member:manage': 'Grant and revoke roles on an org, space or app (never above one\'s own role).',
  'token:manage': 'List and revoke API tokens of other users within the scope; mint service tokens.',
  'billing:read': 'Read invoices of an organization or space.',
  'audit:read': 'Read audits and activity of an app, space or org.',
  'space:read': 'See a space, its compliance and its (redacted) space config.',
  'space:write': 'Create, update or delete a space and set its config vars.',
  'app:read': 'See an app and everything about it that is not config: formations, dynos, builds, releases, features, addons, attachments, hooks and their results, log drains, logs, metrics, app setups.',
  'app:write': 'Create, update or delete an app; change formations, features, addons and attachments, webhooks, log drains and auto-build hooks.',
  'app:deploy': 'Create releases and rollbacks, promote into the app, restart dynos.',
  'build:create': 'Create, rebuild or stop builds of the app (in socs/prod spaces only with an elevated role).',
  'config:read': 'Read an app\'s config vars (redacted in socs/prod spaces).',
  'config:write': 'Set and remove an app\'s config vars.',
  'config:read-secret': 'Read config vars unredacted in socs/prod spaces (elevated roles only).',
  'pipeline:read': 'See pipelines, couplings, promotions and promotion targets.',
  'pipeline:write': 'Create or delete pipelines and couplings.',
  'site:read': 'See sites, routes, certificate orders and TLS endpoints.',
  'site:write': 'Create or delete sites and routes.',
  'cert:manage': 'Order and install certificates.',
  'plugin:manage': 'Create, update or delete plugins (a platform-wide resource).',
} as const;

/** One permission name, e.g. `app:deploy`. */
export type Permission = keyof typeof PERMISSIONS;

/** Every permission name, in table order. */
export const ALL_PERMISSIONS: readonly Permission[] = Object.keys(PERMISSIONS) as Permission[];

/** True when `name` is a known permission (for input validation of stored or configured names). */
export function isPermission(name: string): name is Permission {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, name);
}

import type { RouteDef } from '../route.js';
import { appRoutes } from './apps.js';
import { auditRoutes } from './audits.js';
import { catalogRoutes } from './catalog.js';
import { configVarRoutes } from './config-vars.js';
import { featureRoutes } from './features.js';
import { hookRoutes } from './hooks.js';
import { organizationRoutes } from './organizations.js';
import { spaceRoutes } from './spaces.js';
import { addonAttachmentRoutes, addonRoutes, addonServiceRoutes } from './addons.js';
import { buildRoutes } from './builds.js';
import { releaseRoutes } from './releases.js';
import { formationRoutes } from './formations.js';
import { dynoRoutes } from './dynos.js';
import { logSessionRoutes } from './log-sessions.js';

/** Every route of the foundation resources. */
export const coreRoutes: RouteDef[] = [...organizationRoutes, ...catalogRoutes, ...spaceRoutes, ...appRoutes, ...configVarRoutes, ...featureRoutes, ...hookRoutes, ...auditRoutes, ...buildRoutes, ...releaseRoutes, ...formationRoutes, ...dynoRoutes, ...logSessionRoutes];

// Addon services, addons and attachments (served whether or not brokers are configured: lists are then empty).
coreRoutes.push(...addonServiceRoutes, ...addonRoutes, ...addonAttachmentRoutes);

import type { StoreTx } from '@slipway/core';
import type { Db } from './db.js';
import { appRepo } from './repos/apps.js';
import { auditRepo } from './repos/audits.js';
import { configVarRepo } from './repos/config-vars.js';
import { featureRepo } from './repos/features.js';
import { addonAttachmentRepo, addonRepo } from './repos/addons.js';
import { hookDeliveryRepo, hookRepo } from './repos/hooks.js';
import { buildRepo, formationRepo, releaseRepo, slugRepo } from './repos/deploys.js';
import { jobRepo } from './repos/jobs.js';
import { seenEventRepo } from './repos/seen-events.js';
import { organizationRepo } from './repos/organizations.js';
import { spaceRepo } from './repos/spaces.js';

const factories = {
  organizations: organizationRepo,
  spaces: spaceRepo,
  apps: appRepo,
  configVars: configVarRepo,
  features: featureRepo,
  audits: auditRepo,
  jobs: jobRepo,
  hooks: hookRepo,
  hookDeliveries: hookDeliveryRepo,
  seenEvents: seenEventRepo,
  addons: addonRepo,
  addonAttachments: addonAttachmentRepo,
  builds: buildRepo,
  slugs: slugRepo,
  releases: releaseRepo,
  formations: formationRepo,
} satisfies { [K in keyof StoreTx]: (db: Db) => StoreTx[K] };

/** The repositories of one unit of work, each built on first use (a single read touches one or two). */
export function unitOfWork(db: Db): StoreTx {
  const tx = {} as StoreTx;
  for (const [name, make] of Object.entries(factories)) {
    let repo: unknown;
    Object.defineProperty(tx, name, { enumerable: true, get: () => (repo ??= (make as (db: Db) => unknown)(db)) });
  }
  return tx;
}

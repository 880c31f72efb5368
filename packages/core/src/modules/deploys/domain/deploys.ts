import { ValidationError } from '../../../errors.js';
import { newId } from '../../../kernel/ids.js';

/** Where a build stands; `stopped` means a user stopped it before it finished. */
export type BuildStatus = 'pending' | 'succeeded' | 'failed' | 'stopped';

/** What a build was asked to build from, as `POST /apps/{app}/builds` describes it. */
export interface BuildSourceBlob {
  /**
   * The source URL (`docker://`, `https://`, `data:`); null once the sources were archived, after which the
   * build cannot be rebuilt (422). Never shown in responses as given: it may carry credentials.
   */
  url: string | null;
  checksum: string;
  version: string | null;
  commit: string | null;
  repo: string | null;
  branch: string | null;
  org: string | null;
}

/** A build of an app: a source turned (by a durable job) into a slug. */
export interface Build {
  id: string;
  app_id: string;
  status: BuildStatus;
  source: BuildSourceBlob;
  /** The slug the build produced, once it succeeded. */
  slug_id: string | null;
  /** The release the build was auto-released as, if any. */
  release_id: string | null;
  user_id: string;
  /** Username of who asked, so the build job's events are attributed to them. */
  user_name: string;
  user_email: string;
  created_at: Date;
  updated_at: Date;
}

/** A new build record of an app for `actor`, before any job ran it: the one place its fields are filled. */
export function newBuild(appId: string, actor: { id: string; username: string; email: string }, source: BuildSourceBlob, status: BuildStatus, now: Date): Build {
  return { id: newId(), app_id: appId, status, source, slug_id: null, release_id: null, user_id: actor.id, user_name: actor.username, user_email: actor.email, created_at: now, updated_at: now };
}

/** The runnable result of a build: an image plus the process types its Procfile declared. */
export interface Slug {
  id: string;
  /** The app whose build produced it (slugs can be released on other apps, e.g. by promotion). */
  app_id: string;
  build_id: string;
  /** Image reference the runtime driver can run. */
  image: string;
  digest: string | null;
  process_types: Record<string, string>;
  checksum: string;
  created_at: Date;
}

/** Outcome of a release as its webhook reports it. */
export type ReleaseStatus = 'succeeded' | 'failed';

/** A version of an app: one slug with the app's config at that moment, rolled out by a deploy job. */
export interface Release {
  id: string;
  app_id: string;
  /** 1, 2, 3 ... per app. */
  version: number;
  slug_id: string;
  description: string;
  status: ReleaseStatus;
  user_id: string;
  user_email: string;
  /** When every dyno of this release first ran (the `released` webhook); null until then. */
  released_at: Date | null;
  created_at: Date;
}

/** One process type of an app: how many dynos of which size run which command. */
export interface Formation {
  id: string;
  app_id: string;
  type: string;
  quantity: number;
  size: string;
  command: string | null;
  port: number | null;
  healthcheck: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Most dynos one process type may have, per the seed. */
export const MAX_QUANTITY = 20;

/** Process type names: DNS labels, because runtimes name containers and services after them. */
export const PROCESS_TYPE_NAME = /^[a-z][a-z0-9-]{0,29}$/;

/** Throws a ValidationError unless `type` is a usable process type name. */
export function assertProcessType(type: string, field = 'type'): void {
  if (!PROCESS_TYPE_NAME.test(type)) throw new ValidationError(`type must be lowercase letters, digits and dashes, starting with a letter (got "${type}")`, field);
}

/** Throws a ValidationError unless `quantity` is an integer in 0..20. */
export function assertQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) {
    throw new ValidationError(`quantity must be an integer between 0 and ${MAX_QUANTITY}`, 'quantity');
  }
}

/** Throws a ValidationError unless `healthcheck` is a relative URL. */
export function assertHealthcheck(healthcheck: string): void {
  if (!healthcheck.startsWith('/') || healthcheck.startsWith('//') || /\s/.test(healthcheck)) {
    throw new ValidationError('healthcheck must be a relative URL starting with /', 'healthcheck');
  }
}

/** The quantity a formation created from a Procfile starts with: one web dyno, other types scaled by hand. */
export function initialQuantity(type: string): number {
  return type === 'web' ? 1 : 0;
}

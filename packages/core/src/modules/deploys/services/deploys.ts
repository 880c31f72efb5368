import { DriverUnavailableError } from '../../../errors.js';
import type { SourceFetcher } from '../source-fetcher.js';
import type { BuildDriver } from '../ports/build-driver.js';
import type { RuntimeDriver } from '../ports/runtime-driver.js';
import type { StoreTx } from '../../../kernel/store.js';
import { enqueueJob } from '../../../kernel/jobs.js';

/** Job kind that converges an app onto its current release and formation. */
export const DEPLOY_APP = 'deploy.converge';
/** Job kind that removes a deleted app from the runtime. */
export const REMOVE_APP = 'deploy.remove';
/** Job kind that restarts an app's dynos (all, or one type) in a rolling fashion. */
export const RESTART_APP = 'deploy.restart';
/** Job kind that runs one build. */
export const RUN_BUILD = 'build.run';

/** How builds, releases, formations, dynos and log sessions are run by a platform. */
export interface DeployOptions {
  /** Runs dynos; without one, deploy operations answer 503 and deploy jobs wait for a controller that has one. */
  runtime?: RuntimeDriver;
  /** Builds slugs; without one, `POST /builds` answers 503. */
  builder?: BuildDriver;
  /** Builds per app whose sources are kept for rebuilds; older ones are archived (rebuild answers 422). Default 20. */
  keepSources?: number;
  /** Fetches and unpacks archive sources (https/http/data:) under the outbound policy; registered as SOURCE_FETCHER. */
  sourceFetcher?: SourceFetcher;
  /** Source limits: download bytes (default 512 MiB), unpacked bytes and entries, and where sources are unpacked. */
  source?: { maxBytes?: number; maxUnpackedBytes?: number; maxEntries?: number; workDir?: string };
  /** Key signing log-session URLs; replicas behind one API must share it. A random one per process by default. */
  logSessionSecret?: string;
  /** How long a log-session URL stays valid; default 5 minutes. */
  logSessionTtlMs?: number;
  /** Times a rollout whose new dynos are not ready is converged again before it is given up; default 5. */
  deployRetries?: number;
  /** First delay between those attempts (doubles each time); default 2 s. */
  deployRetryMs?: number;
  /** How often a running build checks whether it was stopped (from any replica); default 1 s. */
  buildStopPollMs?: number;
}


/** The runtime driver, or a 503 that says what is missing. */
export function requireRuntime(options: DeployOptions): RuntimeDriver {
  if (!options.runtime) {
    throw new DriverUnavailableError('No runtime driver is configured on this controller (no container engine answered), so apps cannot be deployed or inspected; start it with a Docker engine reachable (DOCKER_HOST or /var/run/docker.sock).');
  }
  return options.runtime;
}

/** The build driver, or a 503 that says what is missing. */
export function requireBuilder(options: DeployOptions): BuildDriver {
  if (!options.builder) {
    throw new DriverUnavailableError('No build driver is configured on this controller (no container engine answered), so builds cannot run; start it with a Docker engine reachable (DOCKER_HOST or /var/run/docker.sock).');
  }
  return options.builder;
}

/** The job key all runtime work of one app shares, so two deploys of an app never interleave. */
export function appJobKey(appId: string): string {
  return `app:${appId}`;
}

/** Asks for the app to be converged onto its current state, in the transaction of the change that needs it. */
export async function enqueueDeploy(tx: StoreTx, appId: string): Promise<void> {
  await enqueueJob(tx, DEPLOY_APP, appJobKey(appId), { app_id: appId });
}

/** An app's auto build/deploy hook: which repository branch builds it, and how. One per app. */
export interface AutoBuild {
  id: string;
  app_id: string;
  /** Canonical repository web URL, as the source-control adapter parsed it. */
  repo: string;
  /** Lowercase `host/owner/name`, the lookup key of deliveries. */
  repo_key: string;
  /** Web site of the repository host (`https://github.com`). */
  site: string;
  branch: string;
  auto_deploy: boolean;
  status_check: boolean;
  username: string;
  /** Hook id on the host, to delete it with the auto build. */
  hook_id: string;
  /** Secret deliveries are signed with, sealed with the platform key at rest (never shown). */
  secret: string;
  created_at: Date;
  updated_at: Date;
}

/** A preview app forked from a source app for one pull request. */
export interface Preview {
  id: string;
  /** The preview app. */
  app_id: string;
  source_app_id: string;
  /** Pull request number on the source repository. */
  pull_request: number;
  /** The PR's head branch, shown as the trigger id. */
  branch: string;
  /** The app setup that made the preview app from the source's blueprint; null when it was cloned without one. */
  app_setup_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The status context Slipway's own build outcome is reported under. */
export const BUILD_STATUS_CONTEXT = 'slipway/build';

/** What an auto build job does once it runs: where it is in its life. */
export type AutoBuildPhase = 'checks' | 'building' | 'releasing';

/** The name of a preview app: short, unique per source app and PR, within app-name rules (alphanumeric, max 30). */
export function previewAppName(sourceName: string, pullRequest: number): string {
  const suffix = `pr${pullRequest}`;
  return `${sourceName.replace(/[^a-z0-9]/g, '').slice(0, Math.max(1, 30 - suffix.length))}${suffix}`;
}

import { ValidationError } from '../../../errors.js';

/** The stages of a pipeline, in promotion order. */
export const STAGES = ['review', 'development', 'staging', 'production'] as const;

/** One stage of a pipeline. */
export type Stage = (typeof STAGES)[number];

/** True when `s` names a stage. */
export function isStage(s: string): s is Stage {
  return (STAGES as readonly string[]).includes(s);
}

/** The stage a promotion from `stage` lands in; null from production (nothing follows it). */
export function nextStage(stage: Stage): Stage | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

/** The stages before `stage` (those that may promote into it). */
export function upstreamStages(stage: Stage): Stage[] {
  return STAGES.slice(0, STAGES.indexOf(stage));
}

/** Pipeline names: lowercase letters, digits and dashes, starting with a letter, 3 to 24 characters. */
export const PIPELINE_NAME = /^[a-z][a-z0-9-]{2,23}$/;

/** Checks a pipeline name (case-insensitive) and returns it lowercase. */
export function checkPipelineName(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (!PIPELINE_NAME.test(name)) throw new ValidationError('The name of the pipeline must be 3 to 24 lowercase letters, digits or dashes, starting with a letter.', 'name');
  return name;
}

/** A named chain of apps code is promoted along. */
export interface Pipeline {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
}

/** An app's place in a pipeline; an app is in at most one pipeline. */
export interface PipelineCoupling {
  id: string;
  pipeline_id: string;
  app_id: string;
  stage: Stage;
  /** Status-check contexts a source release must pass before it is promoted into this app. */
  required_status_checks: string[];
  created_at: Date;
  updated_at: Date;
}

/** Progress of a promotion and of each of its targets. */
export type PromotionStatus = 'pending' | 'successful' | 'failed';

/** One promotion of a source app's release to the apps at the next stage. */
export interface PipelinePromotion {
  id: string;
  pipeline_id: string;
  source_app_id: string;
  source_release_id: string;
  /** The slug released on every target (no rebuild). */
  slug_id: string;
  /** Who asked for it: the releases on the targets are theirs. */
  user_id: string;
  username: string;
  user_email: string;
  status: PromotionStatus;
  created_at: Date;
  updated_at: Date;
}

/** One target app of a promotion: the release made on it, its status and why it failed. */
export interface PromotionTarget {
  id: string;
  promotion_id: string;
  app_id: string;
  /** Set in the transaction that created the release, so a re-run never releases twice. */
  release_id: string | null;
  status: PromotionStatus;
  error_message: string;
  created_at: Date;
  updated_at: Date;
}

/** States of a release status check (GitHub's commit-status states). */
export const STATUS_STATES = ['pending', 'success', 'failure', 'error'] as const;

/** One status-check state. */
export type StatusState = (typeof STATUS_STATES)[number];

/** One reported check of a release (CI, security scan ...), one per context. */
export interface ReleaseStatusCheck {
  id: string;
  app_id: string;
  release_id: string;
  context: string;
  state: StatusState;
  name: string;
  description: string;
  target_url: string | null;
  image_url: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The combined state of a release's checks: failure/error wins, then pending; success when all pass (or none). */
export function combinedState(statuses: readonly ReleaseStatusCheck[]): StatusState {
  if (statuses.some((s) => s.state === 'failure' || s.state === 'error')) return 'failure';
  if (statuses.some((s) => s.state === 'pending')) return 'pending';
  return 'success';
}

/** The required contexts whose check has not succeeded (missing, pending or failed). */
export function unmetChecks(required: readonly string[], statuses: readonly ReleaseStatusCheck[]): string[] {
  return required.filter((context) => statuses.find((s) => s.context === context)?.state !== 'success');
}

/** What a promotion's source and one target hold, for the safe-promotion rule. */
export interface PromotionSide {
  key: string;
  configKeys: string[];
  /** Addon service names attached to the app. */
  services: string[];
}

/**
 * Why a safe promotion to `target` would be unsafe: config keys the source has and the target lacks, and addon
 * services on one side only. Empty when it is safe.
 */
export function promotionDifferences(source: PromotionSide, target: PromotionSide): string[] {
  const out: string[] = [];
  const missing = source.configKeys.filter((k) => !target.configKeys.includes(k)).sort();
  if (missing.length) out.push(`The source app contains config var(s) (${missing.join(', ')}) that are not present in the destination app (${target.key}).`);
  const onlySource = [...new Set(source.services.filter((s) => !target.services.includes(s)))].sort();
  if (onlySource.length) out.push(`The source app has addon(s) (${onlySource.join(', ')}) that are not on the destination app (${target.key}).`);
  const onlyTarget = [...new Set(target.services.filter((s) => !source.services.includes(s)))].sort();
  if (onlyTarget.length) out.push(`The destination app (${target.key}) has addon(s) (${onlyTarget.join(', ')}) that are not on the source app.`);
  return out;
}

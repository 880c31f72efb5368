/** Lifecycle of an app setup: its job runs the steps until they all succeeded or one failed. */
export type AppSetupStatus = 'pending' | 'succeeded' | 'failed';

/** One process type a blueprint asks for. */
export interface BlueprintFormation {
  type: string;
  quantity?: number;
  size?: string;
  port?: number | null;
  command?: string | null;
  healthcheck?: string | null;
}

/** One addon a blueprint provisions: a plan (`service:plan`), optionally under an attachment name. */
export interface BlueprintAddon {
  plan: string;
  as?: string;
}

/** An existing addon (of another app) a blueprint attaches. */
export interface BlueprintAttachment {
  id?: string;
  name?: string;
  app?: string;
}

/** The remaining work of a setup after its POST: what the job installs, step by step. Sealed at rest. */
export interface SetupPlan {
  formation: BlueprintFormation[];
  addons: BlueprintAddon[];
  attachments: BlueprintAttachment[];
  source_blob: { url: string; checksum: string; version: string | null };
  drains: string[];
  couplings: Array<{ pipeline: string; stage: string }>;
  /** `scripts.postdeploy` of an app.json: run once after the first release. */
  postdeploy: string | null;
}

/** What `postdeploy` reports once the script ran (or why it did not). */
export interface PostdeployResult {
  exit_code: number | null;
  output: string;
}

/** An app setup: the app created from a blueprint, and the progress of the job installing the rest of it. */
export interface AppSetup {
  id: string;
  app_id: string;
  app_name: string;
  status: AppSetupStatus;
  /** How many steps of `steps` are done (the job resumes at the next one after a restart). */
  completed: number;
  /** Names of the planned steps, in order (`formation`, `addon alamo-postgresql:small`, `build` ...). */
  steps: string[];
  failure_message: string;
  build_id: string | null;
  postdeploy: PostdeployResult | null;
  /** The SetupPlan as JSON, sealed with the platform key when there is one (env, drain tokens, source URLs). */
  plan: string;
  user_id: string;
  username: string;
  user_email: string;
  created_at: Date;
  updated_at: Date;
}

/** The steps a plan takes, in order: names are shown in `failure_message` and progress counts them. */
export function planSteps(plan: SetupPlan, options: { release: boolean }): string[] {
  return [
    ...(plan.formation.length ? ['formation'] : []),
    ...plan.addons.map((a) => `addon ${a.plan}${a.as ? ` as ${a.as}` : ''}`),
    ...plan.attachments.map((a) => `attachment ${a.id ?? a.name}`),
    ...plan.drains.map((_, i) => `log-drain ${i + 1}`),
    'build',
    ...(options.release ? ['release'] : []),
    ...(options.release && plan.postdeploy ? ['postdeploy'] : []),
    ...plan.couplings.map((c) => `pipeline-coupling ${c.pipeline} at ${c.stage}`),
  ];
}

/** Progress between 0 and 1: the share of steps done, finished setups at 1. */
export function setupProgress(setup: Pick<AppSetup, 'completed' | 'steps' | 'status'>): number {
  if (setup.status === 'succeeded' || !setup.steps.length) return 1;
  return Math.round((setup.completed / setup.steps.length) * 100) / 100;
}

/** Lifecycle of a durable job. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** Work that outlives a request (builds, broker polling, hook deliveries), claimed by workers under a lease. */
export interface Job {
  id: string;
  kind: string;
  /** Ordering/dedupe key: jobs with the same key run one at a time, oldest first. */
  key: string;
  payload: Record<string, unknown>;
  state: JobState;
  attempts: number;
  run_at: Date;
  /** The runner holding the lease while it runs; on a finished job, the runner that finished it. */
  lease_owner: string | null;
  lease_expires_at: Date | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

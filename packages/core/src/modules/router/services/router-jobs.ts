import type { StoreTx } from '../../../kernel/store.js';
import { enqueueJob } from '../../../kernel/jobs.js';

/** Job kind that makes the router serve exactly what the store says about one host. */
export const CONVERGE_HOST = 'router.converge';

/** The job key of a host: converges of one host run one at a time, oldest first. */
export function hostJobKey(host: string): string {
  return `router:${host}`;
}

/**
 * Asks for `host` to be converged, in the transaction of the change that needs it. A converge that is queued and due
 * already reads the state this change commits, so a second one is not added.
 */
export async function enqueueConverge(tx: StoreTx, host: string): Promise<void> {
  const key = hostJobKey(host);
  const now = Date.now();
  const jobs = await tx.jobs.byKey(CONVERGE_HOST, key);
  if (jobs.some((j) => j.state === 'queued' && j.attempts === 0 && j.run_at.getTime() <= now)) return;
  await enqueueJob(tx, CONVERGE_HOST, key, { host });
}

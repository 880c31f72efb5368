import type { StoreModule } from '../store-module.js';
import { Migration0005JobHeads } from './0005-job-heads.js';
import { Migration0006SeenEvents } from './0006-seen-events.js';
import { Migration0018StoreChanges } from './0018-store-changes.js';
import { jobRepo } from './jobs.js';
import { seenEventRepo } from './seen-events.js';

/** The kernel's Store part: durable jobs, seen events and the data version (the `jobs` table itself comes with 0001_initial). */
export const kernelStore: StoreModule = {
  name: 'kernel',
  repositories: { jobs: jobRepo, seenEvents: seenEventRepo },
  migrations: [
    { name: '0005_job_heads', class: Migration0005JobHeads },
    { name: '0006_seen_events', class: Migration0006SeenEvents },
    { name: '0018_store_changes', class: Migration0018StoreChanges },
  ],
};

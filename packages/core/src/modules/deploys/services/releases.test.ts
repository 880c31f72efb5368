import { describe, expect, it } from 'vitest';
import type { Job } from '../../../kernel/job.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { AppView } from '../../foundation/domain/records.js';
import type { Release, Slug } from '../domain/deploys.js';
import { releaseOnConfigChange } from './releases.js';

const APP = '5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const view = { app: { id: APP, name: 'web' }, space: { name: 'default' }, organization: { name: 'acme' } } as unknown as AppView;
const slug = (id: string): Slug => ({ id, app_id: APP, build_id: `build-${id}`, image: `registry.test/web:${id}`, digest: null, process_types: { web: 'serve' }, checksum: `sha256:${id}`, created_at: new Date(0) });
const release = (version: number, slugId: string): Release => ({
  id: `release-${version}`,
  app_id: APP,
  version,
  slug_id: slugId,
  description: `Deploy ${slugId}`,
  status: 'succeeded',
  user_id: 'u1',
  user_email: 'alice@example.test',
  released_at: null,
  created_at: new Date(0),
});

/** A transaction whose current release is `reads[n]` at its n-th read (the last one after that), recording what it writes. */
function releasesTx(reads: Array<Release | null>, slugs: Slug[]) {
  let n = 0;
  const inserted: Release[] = [];
  const jobs: Job[] = [];
  const slugReads: string[] = [];
  const tx = {
    releases: {
      current: async () => reads[Math.min(n++, reads.length - 1)] ?? null,
      insert: async (r: Release) => void inserted.push(r),
    },
    slugs: {
      get: async (id: string) => (slugReads.push(id), slugs.find((s) => s.id === id) ?? null),
    },
    jobs: { enqueue: async (j: Job | Job[]) => void jobs.push(...(Array.isArray(j) ? j : [j])) },
  } as unknown as StoreTx;
  return { tx, inserted, jobs, slugReads, reads: () => n };
}

describe('the release a config change makes', () => {
  it('rolls the slug of the release read early on as the next version, reading the release twice in all', async () => {
    const t = releasesTx([release(4, 'a')], [slug('a')]);
    releaseOnConfigChange.prepare!(t.tx, view);
    await releaseOnConfigChange(t.tx, view, 'Set K config vars');
    expect(t.inserted.map((r) => [r.version, r.slug_id, r.description])).toEqual([[5, 'a', 'Set K config vars']]);
    expect(t.jobs.map((j) => j.key)).toHaveLength(1);
    expect(t.reads()).toBe(2);
    expect(t.slugReads).toEqual(['a']);
  });

  it('rolls the slug of a release that committed after the early read, not the one it replaced', async () => {
    const t = releasesTx([release(4, 'a'), release(5, 'b')], [slug('a'), slug('b')]);
    releaseOnConfigChange.prepare!(t.tx, view);
    await releaseOnConfigChange(t.tx, view, 'Set K config vars');
    expect(t.inserted.map((r) => [r.version, r.slug_id])).toEqual([[6, 'b']]);
  });

  it('makes no release for an app never released, nor when the release went away meanwhile', async () => {
    const never = releasesTx([null], []);
    releaseOnConfigChange.prepare!(never.tx, view);
    await releaseOnConfigChange(never.tx, view, 'Set K config vars');
    expect(never.inserted).toEqual([]);
    expect(never.reads()).toBe(1);

    const gone = releasesTx([release(4, 'a'), null], [slug('a')]);
    await releaseOnConfigChange(gone.tx, view, 'Set K config vars');
    expect(gone.inserted).toEqual([]);
    expect(gone.jobs).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE, newId } from '@slipway/core';
import { findOrStartDockerEngine, IN_CI, postgresAvailable, type DockerEngine } from '@slipway/testkit';
import { startTestBroker, type TestBroker } from './broker.js';
import { startReceiver, type Receiver } from './receiver.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

const GHOST = '00000000-0000-4000-8000-000000000000';
const SMALL_PLAN = 'b1f0a7e2-1c3d-4f5a-8b6c-0d1e2f3a4b51';
// Direct releases need a runtime configured; the example broker provisions on PostgreSQL (both required in CI).
const engine: DockerEngine | null = await findOrStartDockerEngine();
if (!engine && IN_CI) throw new Error('a Docker engine is required in CI');
const pgUp = await postgresAvailable();
afterAll(() => engine?.stop());
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

describe.each(await storeKinds())('pipelines, couplings and promotions on %s', (kind) => {
  let s: TestServer;
  let rx: Receiver;
  const apps: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer(kind, { runtime: 'none', jobPollMs: 50, allowPrivateHooks: true, hookRetryBaseMs: 50 });
    rx = await startReceiver();
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    for (const name of ['dev', 'stg', 'stgb', 'prd', 'lone', 'other', 'race', 'gone']) {
      const r = await s.request('POST', '/apps', { org: 'acme', name, space: 'default' });
      expect(r.status).toBe(201);
      apps[name] = r.body.id;
    }
  });
  afterAll(async () => {
    await s?.close();
    await rx?.close();
  });

  /** Gives an app a built slug and a release of it, as a build would (no runtime here to build one). */
  const seedRelease = async (app: string): Promise<{ slug: string; release: string }> => {
    const slug = newId();
    const release = newId();
    const now = new Date();
    await s.platform.container.resolve(STORE).transaction(async (t) => {
      await t.slugs.insert({ id: slug, app_id: apps[app]!, build_id: newId(), image: `registry.test/${app}:${slug.slice(0, 8)}`, digest: null, process_types: {}, checksum: '', created_at: now });
      const current = await t.releases.current(apps[app]!);
      await t.releases.insert({ id: release, app_id: apps[app]!, version: (current?.version ?? 0) + 1, slug_id: slug, description: 'seeded', status: 'succeeded', user_id: GHOST, user_email: '', released_at: null, created_at: now });
    });
    return { slug, release };
  };
  const couple = (app: string, pipeline: string, stage: string, extra: Record<string, unknown> = {}) => s.request('POST', '/pipeline-couplings', { app: `${app}-default`, pipeline, stage, ...extra });
  const settled = async (id: string) => {
    await expect.poll(async () => (await s.request('GET', `/pipeline-promotions/${id}`)).body.status, { timeout: 15_000, interval: 50 }).not.toBe('pending');
    return (await s.request('GET', `/pipeline-promotions/${id}`)).body;
  };

  it('creates, lists, gets (by name or id) and deletes pipelines with the seed shape', async () => {
    const c = await s.request('POST', '/pipelines', { name: 'Shop-Line' });
    expect(c.status).toBe(201);
    expect(c.body).toEqual({ created_at: ISO, id: expect.any(String), name: 'shop-line', updated_at: ISO });
    expect((await s.request('GET', '/pipelines')).body).toContainEqual(c.body);
    expect((await s.request('GET', '/pipelines/shop-line')).body).toEqual(c.body);
    expect((await s.request('GET', `/pipelines/${c.body.id}`)).body).toEqual(c.body);
    expect((await couple('lone', 'shop-line', 'review')).status).toBe(201);
    const d = await s.request('DELETE', '/pipelines/shop-line');
    expect(d.status).toBe(200);
    expect(d.body).toEqual(c.body);
    expect((await s.request('GET', '/pipelines/shop-line')).body).toMatchObject({ code: 404, field: 'pipeline' });
    // Its couplings went with it: the app may join another pipeline.
    expect((await s.request('GET', '/apps/lone-default/pipeline-couplings')).status).toBe(404);
    const audits = (await s.request('GET', '/audits')).body.map((a: { action: string }) => a.action);
    expect(audits).toEqual(expect.arrayContaining(['pipeline_create', 'pipeline_delete', 'pipeline_coupling_create']));
  });

  it('rejects bad pipeline input naming the field', async () => {
    expect((await s.request('POST', '/pipelines', {})).body).toMatchObject({ code: 422, field: 'name' });
    expect((await s.request('POST', '/pipelines', { name: 'no spaces!' })).body).toMatchObject({ code: 422, field: 'name' });
    expect((await s.request('POST', '/pipelines', { name: 42 })).body).toMatchObject({ code: 422, field: 'name' });
    expect((await s.request('POST', '/pipelines', { name: 'twice' })).status).toBe(201);
    expect((await s.request('POST', '/pipelines', { name: 'TWICE' })).body).toMatchObject({ code: 409, field: 'name' });
    expect((await s.request('GET', `/pipelines/${GHOST}`)).body).toMatchObject({ code: 404, field: 'pipeline' });
    expect((await s.request('DELETE', '/pipelines/ghost')).body).toMatchObject({ code: 404, field: 'pipeline' });
    expect((await s.request('GET', '/pipelines/ghost/pipeline-couplings')).body).toMatchObject({ code: 404, field: 'pipeline' });
  });

  it('couples apps at stages with the seed shape, lists them all, by pipeline and by app, and uncouples', async () => {
    const p = (await s.request('POST', '/pipelines', { name: 'couples' })).body;
    const c = await couple('other', 'couples', 'development');
    expect(c.status).toBe(201);
    expect(c.body).toEqual({
      app: { id: apps.other, name: 'other-default' },
      created_at: ISO,
      id: expect.any(String),
      pipeline: { id: p.id, name: 'couples' },
      stage: 'development',
      required_status_checks: { contexts: [] },
      updated_at: ISO,
    });
    expect((await s.request('GET', '/pipeline-couplings')).body).toContainEqual(c.body);
    expect((await s.request('GET', `/pipelines/${p.id}/pipeline-couplings`)).body).toEqual([c.body]);
    expect((await s.request('GET', '/pipelines/couples/pipeline-couplings')).body).toEqual([c.body]);
    expect((await s.request('GET', '/apps/other-default/pipeline-couplings')).body).toEqual(c.body);
    expect((await s.request('GET', `/apps/${apps.other}/pipeline-couplings`)).body).toEqual(c.body);
    expect((await s.request('GET', `/pipeline-couplings/${c.body.id}`)).body).toEqual(c.body);
    const u = await s.request('PATCH', `/pipeline-couplings/${c.body.id}`, { required_status_checks: { contexts: ['ci/test'] } });
    expect(u.body).toEqual({ ...c.body, required_status_checks: { contexts: ['ci/test'] }, updated_at: ISO });
    const d = await s.request('DELETE', `/pipeline-couplings/${c.body.id}`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ id: c.body.id, app: { id: apps.other, name: 'other-default' }, stage: 'development' });
    expect((await s.request('GET', `/pipeline-couplings/${c.body.id}`)).body).toMatchObject({ code: 404, field: 'pipeline_coupling' });
    expect((await s.request('GET', '/apps/other-default/pipeline-couplings')).body).toMatchObject({ code: 404, field: 'app' });
    const audits = (await s.request('GET', '/audits?app=other-default')).body.map((a: { action: string }) => a.action);
    expect(audits).toEqual(expect.arrayContaining(['pipeline_coupling_create', 'pipeline_coupling_update', 'pipeline_coupling_delete']));
  });

  it('rejects bad couplings naming the field, and lets one of two racing couplings of an app win', async () => {
    await s.request('POST', '/pipelines', { name: 'racers' });
    await s.request('POST', '/pipelines', { name: 'chasers' });
    expect((await couple('race', 'racers', 'qa')).body).toMatchObject({ code: 422, field: 'stage' });
    expect((await s.request('POST', '/pipeline-couplings', { pipeline: 'racers', stage: 'review' })).body).toMatchObject({ code: 422, field: 'app' });
    expect((await s.request('POST', '/pipeline-couplings', { app: 'race-default', stage: 'review' })).body).toMatchObject({ code: 422, field: 'pipeline' });
    expect((await couple('race', 'racers', 'review', { required_status_checks: ['ci'] })).body).toMatchObject({ code: 422, field: 'required_status_checks' });
    expect((await couple('ghost', 'racers', 'review')).body).toMatchObject({ code: 404, field: 'app' });
    expect((await couple('race', 'ghost', 'review')).body).toMatchObject({ code: 404, field: 'pipeline' });
    expect((await s.request('GET', '/pipeline-couplings/not-a-uuid')).body).toMatchObject({ code: 404, field: 'pipeline_coupling' });
    expect((await s.request('DELETE', `/pipeline-couplings/${GHOST}`)).body).toMatchObject({ code: 404, field: 'pipeline_coupling' });
    expect((await s.request('PATCH', `/pipeline-couplings/${GHOST}`, { stage: 'bogus' })).body).toMatchObject({ code: 422, field: 'stage' });
    const both = await Promise.all([couple('race', 'racers', 'review'), couple('race', 'chasers', 'development'), couple('race', 'racers', 'staging')]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of both.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ code: 409, field: 'app' });
    expect((await couple('race', 'chasers', 'review')).body).toMatchObject({ code: 409, field: 'app' });
  });

  describe('promotions', () => {
    let pipeline: { id: string };
    let coupling: Record<string, string>;
    beforeAll(async () => {
      pipeline = (await s.request('POST', '/pipelines', { name: 'shop' })).body;
      coupling = {};
      for (const [app, stage] of [['dev', 'development'], ['stg', 'staging'], ['stgb', 'staging'], ['prd', 'production']] as const) {
        const r = await couple(app, 'shop', stage);
        expect(r.status).toBe(201);
        coupling[app] = r.body.id;
      }
      expect((await s.request('POST', '/apps/stg-default/hooks', { url: rx.url, events: ['release'], secret: 'k' })).status).toBe(201);
    });

    it("releases the source's current slug on every app at the next stage, with the seed shapes, as a job", async () => {
      const { slug, release } = await seedRelease('dev');
      const p = await s.request('POST', '/pipeline-promotions', { pipeline: { id: pipeline.id }, source: { app: { id: apps.dev } } });
      expect(p.status).toBe(201);
      expect(p.body).toEqual({
        created_at: ISO,
        id: expect.any(String),
        pipeline: { id: pipeline.id },
        source: { app: { id: apps.dev, name: 'dev' }, space: { name: 'default' }, release: { id: release } },
        status: 'pending',
        updated_at: ISO,
      });
      const done = await settled(p.body.id);
      expect(done).toEqual({ ...p.body, status: 'successful', updated_at: ISO });
      const targets = (await s.request('GET', `/pipeline-promotions/${p.body.id}/promotion-targets`)).body;
      expect(targets).toHaveLength(2);
      for (const t of targets) {
        expect(t).toEqual({ app: { id: expect.any(String) }, error_message: '', id: expect.any(String), pipeline_promotion: { id: p.body.id }, release: { id: expect.any(String) }, status: 'successful' });
      }
      expect(targets.map((t: { app: { id: string } }) => t.app.id).sort()).toEqual([apps.stg, apps.stgb].sort());
      for (const t of targets) {
        const app = t.app.id === apps.stg ? 'stg' : 'stgb';
        const r = (await s.request('GET', `/apps/${app}-default/releases/${t.release.id}`)).body;
        expect(r).toMatchObject({ slug: { id: slug }, description: 'Promotion from dev-default', current: true, user: { email: 'tester@localhost' } });
      }
      // The production app was not touched: promotions go one stage at a time.
      expect((await s.request('GET', '/apps/prd-default/releases')).body).toEqual([]);
      expect((await s.request('GET', '/pipeline-promotions')).body).toContainEqual(done);
      // Releases made by a promotion announce themselves like any other.
      await expect.poll(() => rx.received.filter((r) => r.body.action === 'release').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      expect(rx.received.find((r) => r.body.action === 'release')!.body).toMatchObject({ app: { name: 'stg', id: apps.stg }, release: { description: 'Promotion from dev-default' } });
      const audits = (await s.request('GET', '/audits?app=dev-default')).body.map((a: { action: string }) => a.action);
      expect(audits).toEqual(expect.arrayContaining(['pipeline_promotion_create', 'pipeline_promotion_update']));
      expect((await s.request('GET', '/audits?app=stg-default')).body.map((a: { action: string }) => a.action)).toContain('release');
    });

    it('promotes to the named targets only, and a given source release', async () => {
      const first = await seedRelease('dev');
      await seedRelease('dev');
      const p = await s.request('POST', '/pipeline-promotions', { pipeline: { id: pipeline.id }, source: { app: { id: apps.dev }, release: { id: first.release } }, targets: [{ app: { id: apps.stgb } }] });
      expect(p.status).toBe(201);
      expect(p.body.source.release.id).toBe(first.release);
      await settled(p.body.id);
      const targets = (await s.request('GET', `/pipeline-promotions/${p.body.id}/promotion-targets`)).body;
      expect(targets.map((t: { app: { id: string } }) => t.app.id)).toEqual([apps.stgb]);
      expect((await s.request('GET', `/apps/stgb-default/releases/${targets[0].release.id}`)).body.slug.id).toBe(first.slug);
    });

    it('rejects bad promotions naming the field', async () => {
      const post = (body: unknown) => s.request('POST', '/pipeline-promotions', body);
      const ok = { pipeline: { id: pipeline.id }, source: { app: { id: apps.dev } } };
      expect((await post({ source: ok.source })).body).toMatchObject({ code: 422, field: 'pipeline' });
      expect((await post({ pipeline: ok.pipeline })).body).toMatchObject({ code: 422, field: 'source' });
      expect((await post({ ...ok, source: { app: {} } })).body).toMatchObject({ code: 422, field: 'source.app.id' });
      expect((await post({ ...ok, targets: 'all' })).body).toMatchObject({ code: 422, field: 'targets' });
      expect((await post({ ...ok, safe: 'yes' })).body).toMatchObject({ code: 422, field: 'safe' });
      expect((await post({ ...ok, pipeline: { id: GHOST } })).body).toMatchObject({ code: 404, field: 'pipeline.id' });
      expect((await post({ ...ok, source: { app: { id: GHOST } } })).body).toMatchObject({ code: 404, field: 'source.app.id' });
      // Production has nothing after it.
      await seedRelease('prd');
      expect((await post({ ...ok, source: { app: { id: apps.prd } } })).body).toMatchObject({ code: 422, field: 'source.app.id', message: expect.stringContaining('no next stage') });
      // An app of another pipeline, or of none.
      expect((await post({ ...ok, source: { app: { id: apps.gone } } })).body).toMatchObject({ code: 422, field: 'source.app.id' });
      expect((await post({ ...ok, targets: [{ app: { id: apps.prd } }] })).body).toMatchObject({ code: 422, field: 'targets' });
      expect((await post({ ...ok, targets: [{ app: { id: GHOST } }] })).body).toMatchObject({ code: 404, field: 'targets' });
      expect((await post({ ...ok, source: { app: { id: apps.dev }, release: { id: GHOST } } })).body).toMatchObject({ code: 404, field: 'source.release.id' });
      expect((await s.request('GET', `/pipeline-promotions/${GHOST}`)).body).toMatchObject({ code: 404, field: 'pipeline_promotion' });
      expect((await s.request('GET', '/pipeline-promotions/nope/promotion-targets')).body).toMatchObject({ code: 404, field: 'pipeline_promotion' });
    });

    it('refuses a source with no release, and a stage with nobody at the next one', async () => {
      await s.request('POST', '/pipelines', { name: 'bare' });
      expect((await couple('gone', 'bare', 'review')).status).toBe(201);
      const post = () => s.request('POST', '/pipeline-promotions', { pipeline: { name: 'bare' }, source: { app: { id: 'gone-default' } } });
      expect((await post()).body).toMatchObject({ code: 422, field: 'targets' });
      expect((await couple('other', 'bare', 'development')).status).toBe(201);
      expect((await post()).body).toMatchObject({ code: 422, field: 'source.app.id', message: expect.stringContaining('no release') });
    });

    it('refuses a safe promotion naming the config keys the target lacks, and allows it once they match', async () => {
      await seedRelease('stg');
      expect((await s.request('PATCH', '/apps/stg-default/config-vars', { FEATURE_FLAG: 'on', SHARED: '1' })).status).toBe(200);
      expect((await s.request('PATCH', '/apps/prd-default/config-vars', { SHARED: '1' })).status).toBe(200);
      const body = { pipeline: { id: pipeline.id }, source: { app: { id: apps.stg } }, safe: true };
      const refused = await s.request('POST', '/pipeline-promotions', body);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ field: 'safe', message: expect.stringContaining('FEATURE_FLAG') });
      expect(refused.body.message).toContain('prd-default');
      expect(refused.body.message).not.toContain('SHARED');
      expect((await s.request('PATCH', '/apps/prd-default/config-vars', { FEATURE_FLAG: 'off' })).status).toBe(200);
      const p = await s.request('POST', '/pipeline-promotions', body);
      expect(p.status).toBe(201);
      expect((await settled(p.body.id)).status).toBe('successful');
    });

    it('holds a promotion with 409 until the source release passes the checks the target requires', async () => {
      expect((await s.request('PATCH', `/pipeline-couplings/${coupling.stgb}`, { required_status_checks: { contexts: ['ci/test', 'security/scan'] } })).status).toBe(200);
      const { release } = await seedRelease('dev');
      const body = { pipeline: { id: pipeline.id }, source: { app: { id: apps.dev } } };
      const held = await s.request('POST', '/pipeline-promotions', body);
      expect(held.body).toMatchObject({ code: 409, field: 'targets', message: expect.stringContaining('ci/test, security/scan') });
      const report = (context: string, state: string) => s.request('POST', `/apps/dev-default/releases/${release}/statuses`, { context, state, description: `${context} ${state}`, target_url: 'https://ci.example.test/run/1' });
      const r = await report('ci/test', 'pending');
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ id: expect.any(String), context: 'ci/test', state: 'pending', name: 'ci/test', description: 'ci/test pending', target_url: 'https://ci.example.test/run/1', image_url: null, release: { id: release }, created_at: ISO, updated_at: ISO });
      expect((await report('ci/test', 'success')).body).toMatchObject({ id: r.body.id, state: 'success' });
      expect((await report('security/scan', 'failure')).status).toBe(201);
      const list = (await s.request('GET', `/apps/dev-default/releases/${release}/statuses`)).body;
      expect(list).toMatchObject({ state: 'failure', release: { id: release }, statuses: [{ context: 'ci/test', state: 'success' }, { context: 'security/scan', state: 'failure' }] });
      expect((await s.request('POST', '/pipeline-promotions', body)).body).toMatchObject({ code: 409, message: expect.stringContaining('security/scan') });
      expect((await report('security/scan', 'success')).status).toBe(201);
      expect((await s.request('GET', `/apps/dev-default/releases/${release}/statuses`)).body.state).toBe('success');
      const p = await s.request('POST', '/pipeline-promotions', body);
      expect(p.status).toBe(201);
      expect((await settled(p.body.id)).status).toBe('successful');
      // Bad reports name the field.
      expect((await report('ci/test', 'green')).body).toMatchObject({ code: 422, field: 'state' });
      expect((await s.request('POST', `/apps/dev-default/releases/${release}/statuses`, { state: 'success' })).body).toMatchObject({ code: 422, field: 'context' });
      expect((await s.request('POST', `/apps/dev-default/releases/${GHOST}/statuses`, { state: 'success', context: 'ci' })).body).toMatchObject({ code: 404, field: 'release' });
      expect((await s.request('GET', '/apps/dev-default/releases/nope/statuses')).body).toMatchObject({ code: 404, field: 'release' });
      await s.request('PATCH', `/pipeline-couplings/${coupling.stgb}`, { required_status_checks: { contexts: [] } });
    });

    it('removes the coupling of a deleted app', async () => {
      const r = await s.request('POST', '/apps', { org: 'acme', name: 'brief', space: 'default' });
      expect((await couple('brief', 'shop', 'review')).status).toBe(201);
      expect((await s.request('DELETE', '/apps/brief-default')).status).toBe(200);
      const left = (await s.request('GET', '/pipelines/shop/pipeline-couplings')).body.map((c: { app: { id: string } }) => c.app.id);
      expect(left).not.toContain(r.body.id);
      expect(left).toHaveLength(4);
    });
  });
});

describe.each(await storeKinds())('pipeline guards with real peers on %s', (kind) => {
  let s: TestServer;
  let broker: TestBroker | null = null;
  beforeAll(async () => {
    if (pgUp) broker = await startTestBroker();
    s = await startTestServer(kind, {
      jobPollMs: 50,
      ...(broker ? { brokers: [broker.options] } : {}),
      ...(engine ? { docker: { host: engine.host } } : { runtime: 'none' as const }),
    });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    for (const name of ['up', 'down', 'solo']) expect((await s.request('POST', '/apps', { org: 'acme', name, space: 'default' })).status).toBe(201);
    await s.request('POST', '/pipelines', { name: 'guarded' });
    await s.request('POST', '/pipelines', { name: 'single' });
    expect((await s.request('POST', '/pipeline-couplings', { app: 'up-default', pipeline: 'guarded', stage: 'development' })).status).toBe(201);
    expect((await s.request('POST', '/pipeline-couplings', { app: 'down-default', pipeline: 'guarded', stage: 'staging' })).status).toBe(201);
    expect((await s.request('POST', '/pipeline-couplings', { app: 'solo-default', pipeline: 'single', stage: 'staging' })).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await broker?.close();
  });

  it.runIf(engine)('refuses a direct release (or rollback) to a downstream app while an upstream stage exists', async () => {
    const refused = await s.request('POST', '/apps/down-default/releases', { slug: GHOST });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ field: 'app', message: expect.stringContaining('promote') });
    expect((await s.request('POST', '/apps/down-default/releases', { release: GHOST })).body).toMatchObject({ code: 422, field: 'app' });
    // Upstream apps, and a staging app with nothing upstream, release as usual (here: past the guard to the slug look-up).
    expect((await s.request('POST', '/apps/up-default/releases', { slug: GHOST })).body).toMatchObject({ code: 404, field: 'slug' });
    expect((await s.request('POST', '/apps/solo-default/releases', { slug: GHOST })).body).toMatchObject({ code: 404, field: 'slug' });
  });

  it.runIf(pgUp)('refuses a safe promotion when addon services differ, naming the service and its config', async () => {
    const slug = newId();
    const release = newId();
    const ids = Object.fromEntries(await Promise.all(['up', 'down'].map(async (n) => [n, (await s.request('GET', `/apps/${n}-default`)).body.id as string])));
    await s.platform.container.resolve(STORE).transaction(async (t) => {
      await t.slugs.insert({ id: slug, app_id: ids.up!, build_id: newId(), image: 'registry.test/up:1', digest: null, process_types: {}, checksum: '', created_at: new Date() });
      await t.releases.insert({ id: release, app_id: ids.up!, version: 1, slug_id: slug, description: 'seeded', status: 'succeeded', user_id: GHOST, user_email: '', released_at: null, created_at: new Date() });
    });
    const addon = await s.request('POST', '/apps/up-default/addons', { plan: SMALL_PLAN });
    expect(addon.status).toBe(201);
    await expect.poll(async () => (await s.request('GET', `/apps/up-default/addons/${addon.body.id}`)).body.state, { timeout: 30_000, interval: 100 }).toBe('provisioned');
    const service = addon.body.addon_service.name as string;
    const refused = await s.request('POST', '/pipeline-promotions', { pipeline: { name: 'guarded' }, source: { app: { id: 'up-default' } }, targets: [{ app: { id: 'down-default' } }], safe: true });
    expect(refused.status).toBe(422);
    expect(refused.body.field).toBe('safe');
    expect(refused.body.message).toContain(`addon(s) (${service})`);
    expect(refused.body.message).toContain('DATABASE_URL');
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE, newId } from '@slipway/core';
import { busyboxRootfsTar, findOrStartDockerEngine, IN_CI, packTar, postgresAvailable, readTar, type DockerEngine } from '@slipway/testkit';
import { connectDocker } from '@slipway/runtime-docker';
import { aka, printable, reads, readsEach, vtableNulls, type Aka } from './akkeris-cli/aka.js';
import { startTestBroker, type TestBroker } from './broker.js';
import { startTestServer, type TestServer } from './test-server.js';

// Replays, request for request, what the Akkeris CLI (akkeris/cli 3.1.26, `aka`) sends for its everyday commands, and
// asserts every field each command reads. Each step names the CLI file and function it comes from; none of its code
// is copied. The example broker provisions on PostgreSQL (required in CI: postgresAvailable throws there without it).
const pgUp = await postgresAvailable();
// ps, ps:scale, ps:restart, logs and releases:rollback need running dynos: a Docker engine (required in CI).
const engine: DockerEngine | null = await findOrStartDockerEngine();
if (!engine && IN_CI) throw new Error('a Docker engine is required in CI');
afterAll(() => engine?.stop());

describe('the Akkeris CLI replayed against the embedded host (SQLite, no runtime)', () => {
  let s: TestServer;
  let broker: TestBroker | null = null;
  let cli: Aka;
  let featureName = '';

  beforeAll(async () => {
    if (pgUp) broker = await startTestBroker();
    s = await startTestServer('sqlite', {
      runtime: 'none',
      jobPollMs: 50,
      router: { port: 0, host: '127.0.0.1' },
      ...(broker ? { brokers: [broker.options] } : {}),
    });
    cli = aka(s.url, s.token);
  });
  afterAll(async () => {
    await s?.close();
    await broker?.close();
  });

  it('sends the headers of aka.js appkit_request and parses every answer as JSON', async () => {
    await cli.ok('get', '/organizations');
    expect(cli.sent[0]!.headers).toEqual({ 'content-type': 'application/json', authorization: `Bearer ${s.token}`, accept: '*/*', 'accept-encoding': 'gzip', 'user-agent': 'akkeris-cli' });
  });

  it('orgs:create, orgs, orgs:info (plugins/orgs/index.js)', async () => {
    // create_orgs: the name lowercased; description is --contact or "" when none is given.
    const created = await cli.ok('post', '/organizations', { name: 'acme', description: '' });
    printable(created, 'orgs:create');
    reads(created, { name: 'string', id: 'string' });
    // list_orgs with format_org.
    readsEach(await cli.ok('get', '/organizations'), { name: 'string', id: 'string' }, 'orgs');
    // info_orgs prints the organization.
    printable(await cli.ok('get', '/organizations/acme'), 'orgs:info');
  });

  it('spaces:create, spaces, spaces:info (plugins/spaces/index.js)', async () => {
    // create_space: name lowercased, description from -d, compliance from -c (commas stripped), stack only with -s.
    // (-i adds "internal"; a prod or socs space would answer config values redacted, as the seed says.)
    const created = await cli.ok('post', '/spaces', { name: 'sp1', description: 'Shop spaces', compliance: ['internal'] });
    printable(created, 'spaces:create');
    // list_spaces with format_space: compliance is joined, apps printed.
    const fields = { name: 'string', 'region.name': 'string', 'stack.name': 'string', compliance: 'array', id: 'string', apps: 'number' } as const;
    readsEach(await cli.ok('get', '/spaces'), fields, 'spaces');
    // info_spaces: compliance is filtered, created_at/state/updated_at printed.
    reads(await cli.ok('get', '/spaces/sp1'), { ...fields, created_at: 'string', state: 'string', updated_at: 'string' }, 'spaces:info');
  });

  it('apps:create, apps, apps:info, apps:update and the favorites (plugins/apps/index.js)', async () => {
    // create: space, name and org always; description only with -d (undefined is dropped by JSON.stringify).
    reads(await cli.ok('post', '/apps', { space: 'sp1', name: 'web1', org: 'acme', description: 'The storefront' }), { web_url: 'string' }, 'apps:create');
    reads(await cli.ok('post', '/apps', { space: 'sp1', name: 'web2', org: 'acme' }), { web_url: 'string' }, 'apps:create');
    // spaces:info now counts them (the space's `apps`).
    expect((await cli.ok('get', '/spaces/sp1')).apps).toBe(2);
    // list with filter_by (-s filters on space.name/id, -o on organization.name) and format_app (simple_name.toUpperCase()).
    const appFields = { simple_name: 'string', name: 'string', web_url: 'string', git_url: 'string', 'space.name': 'string', 'space.id': 'string', 'organization.name': 'string' } as const;
    const apps = await cli.ok('get', '/apps');
    readsEach(apps, appFields, 'apps');
    expect(apps.filter((a: { space: { name: string } }) => a.space.name === 'sp1').map((a: { simple_name: string }) => a.simple_name).sort()).toEqual(['web1', 'web2']);
    // info: the app, then its addons, attachments, pipeline coupling (an error there prints nothing) and formation.
    const app = await cli.ok('get', '/apps/web1-sp1');
    reads(app, { ...appFields, id: 'string', description: 'string', image: 'string', released_at: 'string|null', 'organization.name': 'string', 'region.name': 'string' }, 'apps:info');
    expect(app.description).toBe('The storefront');
    readsEach(await cli.ok('get', '/apps/web1-sp1/addons'), { name: 'string' }, 'addons');
    readsEach(await cli.ok('get', '/apps/web1-sp1/addon-attachments'), { name: 'string' }, 'attachments');
    const coupling = await cli.send('get', '/apps/web1-sp1/pipeline-couplings');
    expect(coupling.status).toBe(404);
    readsEach(await cli.ok('get', '/apps/web1-sp1/formation'), { type: 'string', quantity: 'number' }, 'formation');
    // update: PATCH the description only.
    await cli.ok('patch', '/apps/web1-sp1', { description: 'The new storefront' });
    expect((await cli.ok('get', '/apps/web1-sp1')).description).toBe('The new storefront');
    // favorite / favorites / unfavorite: the favorites list is formatted and filtered like the apps list.
    await cli.ok('post', '/favorites', { app: 'web1-sp1' });
    await cli.ok('post', '/favorites', { app: 'web1-sp1' });
    const favorites = await cli.ok('get', '/favorites');
    readsEach(favorites, appFields, 'favorites');
    expect(favorites.map((a: { name: string }) => a.name)).toEqual(['web1']);
    await cli.ok('delete', '/favorites/web1-sp1');
    expect(await cli.ok('get', '/favorites')).toEqual([]);
    expect((await cli.send('delete', '/favorites/web1-sp1')).status).toBe(404);
  });

  it('config:set, config, config:unset (plugins/config/index.js)', async () => {
    // set_config_vars: KEY=VALUE pairs as one PATCH; print_vars sorts the keys and (with -s/-j) calls replace on each value.
    const set = await cli.ok('patch', '/apps/web1-sp1/config-vars', { GREETING: 'hello', COLOR: 'blue' });
    expect(Object.values(set).every((v) => typeof v === 'string')).toBe(true);
    expect(set).toMatchObject({ GREETING: 'hello', COLOR: 'blue' });
    printable(set, 'config:set');
    // get_config_vars.
    expect(await cli.ok('get', '/apps/web1-sp1/config-vars')).toMatchObject({ GREETING: 'hello', COLOR: 'blue' });
    // unset_config_vars: each KEY set to null.
    const unset = await cli.ok('patch', '/apps/web1-sp1/config-vars', { COLOR: null });
    expect(unset).not.toHaveProperty('COLOR');
    expect(Object.values(unset).every((v) => typeof v === 'string')).toBe(true);
  });

  it('features, features:enable, features:disable (plugins/features/index.js)', async () => {
    // list: a table of name, display_name, description, enabled.
    const features = await cli.ok('get', '/apps/web1-sp1/features');
    readsEach(features, { name: 'string', display_name: 'string', description: 'string', enabled: 'boolean' }, 'features');
    expect(features.length).toBeGreaterThan(0);
    featureName = features[0].name;
    // enable / disable: PATCH {enabled} and print display_name.
    reads(await cli.ok('patch', `/apps/web1-sp1/features/${featureName}`, { enabled: true }), { display_name: 'string', enabled: 'boolean' }, 'features:enable');
    reads(await cli.ok('patch', `/apps/web1-sp1/features/${featureName}`, { enabled: false }), { display_name: 'string' }, 'features:disable');
  });

  it('ps:sizes (plugins/ps/index.js, list_plans)', async () => {
    // format_sizes: name (filtered on "-prod"), resources.limits.memory, price.
    const sizes = await cli.ok('get', '/sizes');
    readsEach(sizes, { name: 'string', 'resources.limits.memory': 'string', price: 'number' }, 'sizes');
    expect(sizes.length).toBeGreaterThan(0);
  });

  it('releases (plugins/releases/index.js, list)', async () => {
    // Two releases of built slugs, as deploys leave them (no runtime here to build them).
    const appId = (await cli.ok('get', '/apps/web1-sp1')).id as string;
    await s.platform.container.resolve(STORE).transaction(async (t) => {
      for (const version of [1, 2]) {
        const slug = newId();
        const now = new Date(Date.now() + version);
        await t.slugs.insert({ id: slug, app_id: appId, build_id: newId(), image: `registry.test/web1:v${version}`, digest: null, process_types: {}, checksum: '', created_at: now });
        await t.releases.insert({ id: newId(), app_id: appId, version, slug_id: slug, description: `deploy ${version}`, status: 'succeeded', user_id: newId(), user_email: '', released_at: null, created_at: now });
      }
    });
    // list: releases and builds together; each release is matched to a build by slug.id, sorted by created_at.
    const [releases, builds] = await Promise.all([cli.ok('get', '/apps/web1-sp1/releases'), cli.ok('get', '/apps/web1-sp1/builds')]);
    readsEach(releases, { 'slug.id': 'string', created_at: 'string', status: 'string', current: 'boolean', description: 'string', version: 'number', id: 'string' }, 'releases');
    readsEach(builds, { id: 'string', created_at: 'string', source_blob: 'object' }, 'builds');
    expect(releases.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    // A release without a build in the list: its slug is fetched, and format_release reads build.source_blob.
    for (const r of releases.filter((x: { slug: { id: string } }) => !builds.some((b: { id: string }) => b.id === x.slug.id))) {
      reads(await cli.ok('get', `/slugs/${r.slug.id}`), { source_blob: 'object', 'source_blob.commit': 'string|null' }, 'slug');
    }
  });

  it.runIf(pgUp)('addons:services, addons:plans, addons:create, addons:attach, addons, addons:detach, addons:destroy (plugins/addons/index.js)', async () => {
    // list_addons with format_services.
    readsEach(await cli.ok('get', '/addon-services'), { human_name: 'string', name: 'string', description: 'string', id: 'string', state: 'string' }, 'addons:services');
    // list_addons_plans: only plans in state ga or public are shown, with format_plans.
    const plans = (await cli.ok('get', '/addon-services/postgresql/plans')).filter((p: { state: string }) => p.state === 'ga' || p.state === 'public');
    expect(plans.length).toBeGreaterThan(0);
    readsEach(plans, { human_name: 'string', name: 'string', 'price.cents': 'number', 'price.unit': 'string', id: 'string', description: 'string', attributes: 'object' }, 'addons:plans');
    // create: plan, attachment.name (--as, dropped when absent) and name (dropped when absent); waits while provisioning.
    let addon = await cli.ok('post', '/apps/web1-sp1/addons', { plan: 'postgresql:small', attachment: {} });
    reads(addon, { state: 'string', name: 'string', id: 'string' }, 'addons:create');
    // waitForAddon polls the addon by id (every 5 s in the CLI) until it leaves provisioning, then prints it.
    while (addon.state === 'provisioning') addon = await cli.ok('get', `/apps/web1-sp1/addons/${addon.id}`);
    printable(addon, 'addons:create');
    // attach: the app (for its id), then the attachment; name is null without --as, force is false without --confirm.
    const web2 = await cli.ok('get', '/apps/web2-sp1');
    reads(web2, { id: 'string' });
    const attached = await cli.ok('post', '/apps/web2-sp1/addon-attachments', { app: web2.id, addon: addon.name, force: false, name: null });
    printable(attached, 'addons:attach');
    // list_all_addons: attachments then addons, with format_addons and format_attached_addons.
    const attachments = await cli.ok('get', '/apps/web2-sp1/addon-attachments');
    const owned = await cli.ok('get', '/apps/web2-sp1/addons');
    readsEach(owned, { id: 'string', name: 'string', 'plan.name': 'string', primary: 'boolean', state: 'string' }, 'addons');
    readsEach(attachments, { 'app.name': 'string', 'addon.app.name': 'string', 'addon.id': 'string', id: 'string', name: 'string', 'addon.plan.name': 'string', primary: 'boolean' }, 'attachments');
    expect(attachments).toHaveLength(1);
    // detach: the app, then DELETE the attachment by name.
    await cli.ok('get', '/apps/web2-sp1');
    await cli.ok('delete', `/apps/web2-sp1/addon-attachments/${attachments[0].name}`);
    // destroy: the app's addons (a service:plan argument is matched to one), then DELETE, printing addon.name.
    await cli.ok('get', '/apps/web1-sp1/addons');
    reads(await cli.ok('delete', `/apps/web1-sp1/addons/${addon.name}`), { name: 'string' }, 'addons:destroy');
  });

  it('hooks:create, hooks, hooks:info, hooks:destroy (plugins/hooks/index.js)', async () => {
    // create_hooks: the URL lowercased; events (-e), active (default true) and secret (-s); prints the answer.
    const hook = await cli.ok('post', '/apps/web1-sp1/hooks', { url: 'https://hooks.example.invalid/deploys', events: ['release', 'build'], active: true, secret: 'a-shared-secret' });
    printable(hook, 'hooks:create');
    // list_hooks with format_hooks (events joined).
    readsEach(await cli.ok('get', '/apps/web1-sp1/hooks'), { url: 'string', events: 'array', id: 'string', active: 'boolean' }, 'hooks');
    // info_hooks prints the hook.
    printable(await cli.ok('get', `/apps/web1-sp1/hooks/${hook.id}`), 'hooks:info');
    // delete_hooks.
    await cli.ok('delete', `/apps/web1-sp1/hooks/${hook.id}`);
  });

  it('audits, audits:info (plugins/audits/index.js)', async () => {
    // list: app and space split from -a at the first dash; action.toUpperCase(), username, received_at.
    const audits = await cli.ok('get', '/audits?app=web1&space=sp1');
    expect(audits.length).toBeGreaterThan(0);
    readsEach(audits, { action: 'string', username: 'string', received_at: 'string', info: 'string' }, 'audits');
    // get: the same query with size=50; the entry whose hash matches -i is printed with vtable. Every entry prints
    // but addon_change: its seed payload has `changes[].actions: null`, which vtable cannot print (a known gap of
    // the CLI against the seed's own payload, kept here so it cannot grow unnoticed).
    const again = await cli.ok('get', '/audits?app=web1&space=sp1&size=50');
    const unprintable = again.flatMap((a: { action: string }) => vtableNulls(a).map((f) => `${a.action}: ${f}`));
    expect([...new Set(unprintable)]).toEqual(pgUp ? ['addon_change: changes.0.actions'] : []);
    printable(again.find((a: { action: string }) => a.action === 'app_create'), 'audits:info');
  });

  it('pipelines:create, pipelines:add, pipelines:info, pipelines, pipelines:promote, pipelines:remove, pipelines:destroy (plugins/pipelines/index.js)', async () => {
    // create prints the pipeline.
    printable(await cli.ok('post', '/pipelines', { name: 'shop' }), 'pipelines:create');
    // add: the app, the pipeline and the stage (-s) to the top-level couplings.
    printable(await cli.ok('post', '/pipeline-couplings', { app: 'web1-sp1', pipeline: 'shop', stage: 'development' }), 'pipelines:add');
    printable(await cli.ok('post', '/pipeline-couplings', { app: 'web2-sp1', pipeline: 'shop', stage: 'staging' }), 'pipelines:add');
    // list_apps_info with format_pipeline_couplings.
    readsEach(await cli.ok('get', '/pipelines/shop/pipeline-couplings'), { stage: 'string', id: 'string', 'app.name': 'string', 'app.id': 'string' }, 'pipelines:info');
    // list with format_pipeline.
    readsEach(await cli.ok('get', '/pipelines'), { name: 'string', id: 'string', created_at: 'string' }, 'pipelines');
    // apps:info shows the coupling as pipeline.name and stage.
    reads(await cli.ok('get', '/apps/web1-sp1/pipeline-couplings'), { 'pipeline.name': 'string', stage: 'string' }, 'apps:info coupling');
    // A safe promotion compares config keys: the downstream app gets the same ones first, as its owner would.
    await cli.ok('patch', '/apps/web2-sp1/config-vars', { GREETING: 'hello from staging' });
    // promote: the stage map, the app's coupling (one object), the pipeline's couplings, then the promotion with the
    // coupling's own pipeline and app objects, every app at the next stage as a target, and safe as the string "true".
    const stages = await cli.ok('get', '/pipeline-stages');
    const coupling = await cli.ok('get', '/apps/web1-sp1/pipeline-couplings');
    reads(coupling, { stage: 'string', app: 'object', 'app.id': 'string', 'pipeline.id': 'string', 'pipeline.name': 'string' }, 'coupling');
    expect(stages[coupling.stage]).toBe('staging');
    const couplings = await cli.ok('get', `/pipelines/${coupling.pipeline.id}/pipeline-couplings`);
    const targets = couplings.filter((x: { stage: string }) => x.stage === stages[coupling.stage]).map((x: { app: unknown }) => ({ app: x.app }));
    expect(targets).toHaveLength(1);
    const result = await cli.ok('post', '/pipeline-promotions', { pipeline: coupling.pipeline, source: { app: coupling.app }, targets, safe: 'true' });
    reads(result, { 'source.app.id': 'string', 'source.app.name': 'string', 'source.space.name': 'string', 'source.release.id': 'string' }, 'pipelines:promote');
    expect(`${result.source.app.name}-${result.source.space.name}`).toBe('web1-sp1');
    // remove: the app's coupling, then DELETE it by id, printing the answer.
    const web2 = await cli.ok('get', '/apps/web2-sp1/pipeline-couplings');
    printable(await cli.ok('delete', `/pipeline-couplings/${web2.id}`), 'pipelines:remove');
    // destroy prints the answer.
    printable(await cli.ok('delete', '/pipelines/shop'), 'pipelines:destroy');
  });

  it('sites:create, sites, routes:create, routes, routes:remove (plugins/sites/index.js, plugins/routes/index.js)', async () => {
    // create_site: region (-r, "us-seattle" unless given: this host's region is "local"), domain and internal, lowercased.
    await cli.ok('post', '/sites', { region: 'local', domain: 'shop.example.invalid', internal: false });
    // list_sites: sorted by domain; domain, id, created_at and compliance (joined).
    readsEach(await cli.ok('get', '/sites'), { domain: 'string', id: 'string', created_at: 'string', compliance: 'array' }, 'sites');
    // create_route: the app (for its web_url), then the route with target_path "/" unless given.
    reads(await cli.ok('get', '/apps/web1-sp1'), { web_url: 'string' });
    await cli.ok('post', '/apps/web1-sp1/routes', { app: 'web1-sp1', site: 'shop.example.invalid', source_path: '/shop', target_path: '/' });
    // list_routes by app or by site (-s): each route's app is fetched by the route's `app` for its web_url.
    const routeFields = { id: 'string', created_at: 'string', site: 'string', source_path: 'string', target_path: 'string', app: 'string' } as const;
    for (const path of ['/apps/web1-sp1/routes', '/sites/shop.example.invalid/routes']) {
      const routes = await cli.ok('get', path);
      readsEach(routes, routeFields, `routes ${path}`);
      expect(routes).toHaveLength(1);
      reads(await cli.ok('get', `/apps/${routes[0].app}`), { web_url: 'string' }, 'route app');
    }
    // delete_route by id.
    const [route] = await cli.ok('get', '/apps/web1-sp1/routes');
    await cli.ok('delete', `/routes/${route.id}`);
    expect(await cli.ok('get', '/apps/web1-sp1/routes')).toEqual([]);
  });

  it('drains:add, drains, drains:info, drains:remove (plugins/drains/index.js)', async () => {
    // create_drains prints the drain.
    printable(await cli.ok('post', '/apps/web1-sp1/log-drains', { url: 'syslog+tls://logs.example.invalid:6514' }), 'drains:add');
    // list_drains with format_drain.
    const drains = await cli.ok('get', '/apps/web1-sp1/log-drains');
    readsEach(drains, { token: 'string', id: 'string', url: 'string' }, 'drains');
    // info_drains prints it.
    printable(await cli.ok('get', `/apps/web1-sp1/log-drains/${drains[0].id}`), 'drains:info');
    // delete_drains prints drain.url.
    reads(await cli.ok('delete', `/apps/web1-sp1/log-drains/${drains[0].id}`), { url: 'string' }, 'drains:remove');
  });

  it('apps:destroy (plugins/apps/index.js, destroy)', async () => {
    await cli.ok('post', '/favorites', { app: 'web2-sp1' });
    // app_or_error (the name to confirm), then DELETE.
    reads(await cli.ok('get', '/apps/web2-sp1'), { name: 'string' });
    await cli.ok('delete', '/apps/web2-sp1');
    expect((await cli.send('get', '/apps/web2-sp1')).status).toBe(404);
    // A destroyed app leaves no favorite behind, and the space counts one app less.
    expect(await cli.ok('get', '/favorites')).toEqual([]);
    expect((await cli.ok('get', '/spaces/sp1')).apps).toBe(1);
  });
});

/** A source archive (tar.gz data: URI) of an app whose web process serves a word over HTTP. */
function appSource(word: string): { url: string; checksum: string } {
  const files: Record<string, string> = {
    Dockerfile: `FROM ${baseImage}\nCOPY start.sh /start.sh\nCMD ["sh", "/start.sh"]\n`,
    'start.sh': `mkdir -p /tmp/www\necho "starting ${word} on $PORT"\necho "${word}" > /tmp/www/index.html\nexec httpd -f -v -p "$PORT" -h /tmp/www\n`,
    Procfile: 'web: sh /start.sh\n',
  };
  const gz = gzipSync(packTar(Object.entries(files).map(([name, text]) => ({ name, data: Buffer.from(text), mode: 0o755 }))));
  return { url: `data:application/gzip;base64,${gz.toString('base64')}`, checksum: `sha256:${createHash('sha256').update(gz).digest('hex')}` };
}

const LABEL = 'io.slipway.test-run';
const run = randomBytes(4).toString('hex');
const baseImage = `slipway-cli/busybox:${run}`;

/** Polls until `probe` answers something (hooks cannot use expect.poll); fails naming what it waited for. */
async function settle<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe.runIf(engine)('the Akkeris CLI replayed against the embedded host (running dynos on Docker)', () => {
  let s: TestServer;
  let cli: Aka;
  const docker = engine ? connectDocker({ host: engine.host }) : null!;
  const app = 'shop-default';

  /** Builds a source (fixture: the CLI's releases:create is not among the replayed commands) and waits for it. */
  const build = async (word: string) => {
    const created = await s.request('POST', `/apps/${app}/builds`, { ...appSource(word), org: 'acme', sha: 'abc123', version: word });
    expect(created.status).toBe(201);
    return settle(async () => {
      const b = (await s.request('GET', `/apps/${app}/builds/${created.body.id}`)).body;
      return b.status === 'pending' ? undefined : b;
    }, 'the build to finish');
  };
  /** Waits until `n` web dynos of release `version` run. */
  const running = (n: number, version: number) =>
    settle(async () => {
      const ds = (await s.request('GET', `/apps/${app}/dynos`)).body as Array<{ type: string; state: string; release: { version: number } | null }>;
      return ds.filter((d) => d.type === 'web' && d.state === 'running' && d.release?.version === version).length === n || undefined;
    }, `${n} web dynos of v${version} to run`);

  beforeAll(async () => {
    // A runnable base image without any registry: busybox FROM scratch.
    const rootfs = readTar(busyboxRootfsTar()).map((e) => ({ ...e, name: `rootfs/${e.name}` }));
    const context = packTar([{ name: 'Dockerfile', data: Buffer.from('FROM scratch\nCOPY rootfs/ /\nCMD ["sh"]\n') }, { name: 'rootfs', type: 'dir' }, ...rootfs]);
    const stream = await docker.buildImage(Buffer.from(context) as never, { t: baseImage, labels: { [LABEL]: run }, rm: true });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
    s = await startTestServer('sqlite', {
      jobPollMs: 50,
      docker: { host: engine!.host, labels: { [LABEL]: run }, networkPrefix: `slwc${run}`, stopTimeoutSeconds: 2, healthIntervalMs: 500, repository: `slipway-cli-${run}` },
      deploys: { deployRetryMs: 500, buildStopPollMs: 200, keepSources: 3 },
    });
    cli = aka(s.url, s.token);
    await cli.ok('post', '/organizations', { name: 'acme', description: '' });
    await cli.ok('post', '/apps', { space: 'default', name: 'shop', org: 'acme' });
    // auto-release is on: each successful build is released.
    expect((await build('hello')).status).toBe('succeeded');
    await running(1, 1);
  }, 240_000);

  afterAll(async () => {
    await s?.close();
    const label = { label: [`${LABEL}=${run}`] };
    for (const c of await docker.listContainers({ all: true, filters: label })) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    for (const n of await docker.listNetworks({ filters: label })) await docker.getNetwork(n.Id).remove().catch(() => undefined);
    for (const i of await docker.listImages({ filters: label })) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
  }, 180_000);

  it('ps (plugins/ps/index.js, list)', async () => {
    // format_formation: type, size, command (or "(from docker)"), quantity, healthcheck for web.
    const formations = await cli.ok('get', `/apps/${app}/formation`);
    readsEach(formations, { type: 'string', size: 'string', command: 'string|null', quantity: 'number' }, 'formation');
    // format_dyno and state_map: type, name, state.toLowerCase(), updated_at (a date), additional_info, created_at.
    const dynos = await cli.ok('get', `/apps/${app}/dynos`);
    readsEach(dynos, { type: 'string', name: 'string', state: 'string', updated_at: 'string', created_at: 'string', additional_info: 'string' }, 'dynos');
    expect(dynos.filter((d: { type: string }) => d.type === 'web')).toHaveLength(formations.find((f: { type: string }) => f.type === 'web').quantity);
    // apps:info shows the image of the release once it is rolled out.
    await expect.poll(async () => (await cli.ok('get', `/apps/${app}`)).image, { timeout: 30_000, interval: 200 }).toMatch(/slipway-cli-/);
  }, 180_000);

  it('ps:scale (plugins/ps/index.js, scale_dynos)', async () => {
    // The formations (for relative +n/-n), then one PATCH with an array of {type, quantity[, size]}.
    readsEach(await cli.ok('get', `/apps/${app}/formation`), { type: 'string', quantity: 'number' }, 'formation');
    await cli.ok('patch', `/apps/${app}/formation`, [{ type: 'web', quantity: 2 }]);
    await running(2, 1);
  }, 180_000);

  it('ps:restart, with and without a dyno type (plugins/ps/index.js, restart)', async () => {
    // Without TYPE: DELETE every dyno of the app.
    await cli.ok('delete', `/apps/${app}/dynos`);
    // With TYPE: the dynos (TYPE must name a type that runs), then DELETE that type.
    const dynos = await cli.ok('get', `/apps/${app}/dynos`);
    readsEach(dynos, { type: 'string', name: 'string' }, 'dynos');
    expect(dynos.some((d: { type: string }) => d.type.toLowerCase() === 'web')).toBe(true);
    await cli.ok('delete', `/apps/${app}/dynos/web`);
    await running(2, 1);
  }, 180_000);

  it('logs (plugins/logs/index.js, logs)', async () => {
    // A log session with lines (-n, 100 by default) and tail (-t, false), then a plain GET of logplex_url.
    const session = await cli.ok('post', `/apps/${app}/log-sessions`, { lines: 100, tail: false });
    reads(session, { logplex_url: 'string' }, 'logs');
    // The CLI reads it without its token (the URL carries its own): the dynos' output comes back.
    const res = await fetch(session.logplex_url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('starting hello');
  }, 180_000);

  it('releases:rollback (plugins/releases/index.js, rollback and find_release)', async () => {
    expect((await build('bye')).status).toBe('succeeded');
    await running(2, 2);
    // "previous": the releases (oldest first), the one before the last; then POST its id and description.
    const releases = await cli.ok('get', `/apps/${app}/releases`);
    readsEach(releases, { id: 'string', version: 'number', description: 'string' }, 'releases');
    const previous = releases[releases.length - 2];
    reads(await cli.ok('post', `/apps/${app}/releases`, { release: previous.id, description: previous.description }), { version: 'number' }, 'rollback');
    await running(2, 3);
  }, 180_000);
});

import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE, generateSecretKey, type BuildDriver, type BuildOutcome } from '@slipway/core';
import { IN_CI, packTar, postgresAvailable } from '@slipway/testkit';
import { startTestBroker, type TestBroker } from './broker.js';
import { startTestServer, storeKinds, testDatabase, type TestServer } from './test-server.js';

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
// The example broker provisions on PostgreSQL: required in CI, the addon steps are left out without it.
const pgUp = await postgresAvailable();
if (!pgUp && IN_CI) throw new Error('PostgreSQL is required in CI');

/** A real HTTP server on loopback serving source archives by path. */
async function startSourceServer(files: Record<string, Buffer>): Promise<{ url(path: string): string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const body = files[req.url ?? ''];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.byteLength }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: (p) => `http://127.0.0.1:${port}${p}`, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

/**
 * A build driver that succeeds at once, or (gated) holds each build until `release()`: the engine is not under test
 * here (app-setups-docker.test.ts builds for real), the setup's steps are.
 */
function testBuilder(gated = false) {
  const waiting = new Map<string, (o: BuildOutcome) => void>();
  const driver: BuildDriver & { builds: string[]; cancelAll(): void } = {
    builds: [],
    async build(request): Promise<BuildOutcome> {
      driver.builds.push(request.id);
      const done: BuildOutcome = { status: 'succeeded', image: `recorded/${request.app.name}:${request.id.slice(0, 8)}`, digest: null };
      if (!gated) return done;
      return new Promise((resolve) => waiting.set(request.id, resolve));
    },
    async cancel(id) {
      waiting.get(id)?.({ status: 'canceled' });
      return waiting.delete(id);
    },
    cancelAll() {
      for (const [id, resolve] of waiting) resolve({ status: 'canceled' }), waiting.delete(id);
    },
    close: async () => undefined,
  };
  return driver;
}

const tgz = gzipSync(packTar([{ name: 'Dockerfile', data: Buffer.from('FROM scratch\n') }, { name: 'Procfile', data: Buffer.from('web: serve\nworker: work\n') }]));
const CHECKSUM = `sha256:${createHash('sha256').update(tgz).digest('hex')}`;

const MEMBER = { token: `member-${randomUUID()}`, principal: { id: randomUUID(), username: 'orgmember', email: 'orgmember@example.invalid', roles: [] } };
const BYSTANDER = { token: `bystander-${randomUUID()}`, principal: { id: randomUUID(), username: 'bystander', email: 'bystander@example.invalid', roles: [] } };

describe.each(await storeKinds())('app setups on %s', (kind) => {
  let s: TestServer;
  let src: Awaited<ReturnType<typeof startSourceServer>>;
  let broker: TestBroker | null = null;
  const secretKey = generateSecretKey();
  const settings = () => ({ runtime: 'none' as const, jobPollMs: 50, allowPrivateOutbound: true, secretKey, ...(broker ? { brokers: [broker.options] } : {}) });
  const source = () => ({ url: src.url('/app.tgz'), checksum: CHECKSUM, version: 'v1' });
  /** Waits until a setup left pending; its final state. */
  const settled = async (server: TestServer, id: string) => {
    await expect.poll(async () => (await server.request('GET', `/app-setups/${id}`)).body.status, { timeout: 30_000, interval: 50 }).not.toBe('pending');
    return (await server.request('GET', `/app-setups/${id}`)).body;
  };

  beforeAll(async () => {
    src = await startSourceServer({ '/app.tgz': tgz, '/other.tgz': gzipSync(Buffer.from('not the archive the checksum names')) });
    if (pgUp) broker = await startTestBroker(50);
    s = await startTestServer(kind, { ...settings(), deploys: { builder: testBuilder() }, extraTokens: [MEMBER, BYSTANDER] });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    expect((await s.request('POST', '/spaces', { name: 'vault', compliance: ['socs'] })).status).toBe(201);
    expect((await s.request('POST', '/pipelines', { name: 'line' })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await src?.close();
    await broker?.close();
  });

  it('answers 422 listing every problem of a malformed blueprint, each with its field path, and creates nothing', async () => {
    const r = await s.request('POST', '/app-setups', {
      app: { name: 'Bad-Name', organization: 'nope', space: 'nowhere' },
      env: { GOOD: { value: 'x' }, 'BAD KEY': 'x', NEEDED: { required: true }, WRONG: { value: {} }, GEN: { generator: 'uuid' } },
      formation: { web: { quantity: 99, size: 'enormous', port: 0, 'health-check': 'nope' }, Worker: { quantity: 1 } },
      addons: { db: {} },
      attachments: [{}],
      source_blob: { url: 'ftp://example.invalid/src.zip' },
      'log-drains': [{ url: 'ftp://example.invalid' }],
      'pipeline-couplings': [{ pipeline: 'line', stage: 'qa' }],
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 422, id: 'invalid_params', field: 'app.name' });
    const errors: string[] = r.body.manifest_errors;
    for (const path of [
      'app.name',
      'env.BAD KEY',
      'env.NEEDED',
      'env.WRONG.value',
      'env.GEN.generator',
      'formation.web.quantity',
      'formation.web.size',
      'formation.web.port',
      'formation.web.health-check',
      'formation.Worker',
      'addons.db.plan',
      'attachments[0]',
      'source_blob.url',
      'source_blob.checksum',
      'log-drains[0].url',
      'pipeline-couplings[0].stage',
    ]) {
      expect(errors.some((e) => e.startsWith(`${path}: `)), `${path} in ${errors.join(' | ')}`).toBe(true);
    }
    // Look-ups run on what parsed: an unknown org, space, plan or pipeline is listed with the rest.
    const second = await s.request('POST', '/app-setups', {
      app: { name: 'ghost', org: 'nope', space: 'nowhere' },
      addons: ['nosuchservice:small'],
      attachments: [{ name: 'no-such-addon' }],
      'pipeline-couplings': [{ pipeline: 'no-line', stage: 'development' }],
      source_blob: source(),
    });
    expect(second.status).toBe(422);
    const more: string[] = second.body.manifest_errors;
    expect(more.filter((e) => /^(app\.org|app\.space|attachments\[0\]|pipeline-couplings\[0\]\.pipeline): /.test(e))).toHaveLength(4);
    if (broker) expect(more.some((e) => e.startsWith('addons[0].plan: '))).toBe(true);
    // Mistyped fields are problems like any other, listed with the rest rather than stopping at the first.
    const typed = await s.request('POST', '/app-setups', { app: { name: 5, organization: 'acme', space: ['default'] }, env: 'FOO=1', source_blob: 'https://example.invalid/a.tgz' });
    expect(typed.status).toBe(422);
    expect(typed.body.manifest_errors.map((e: string) => e.split(': ')[0])).toEqual(['app.name', 'app.space', 'env', 'source_blob']);
    expect((await s.request('POST', '/app-setups', 'not json at all')).status).toBeGreaterThanOrEqual(400);
    expect((await s.request('GET', '/apps/ghost-default')).status).toBe(404);
    expect((await s.request('GET', '/apps')).body.filter((a: { name: string }) => /ghost|bad-name/.test(a.name))).toEqual([]);
  });

  it('creates an app from a full seed blueprint as a job: config, formation, addons, drains, build and coupling', async () => {
    const r = await s.request('POST', '/app-setups', {
      app: { name: 'shop', organization: 'acme', space: 'default' },
      env: { GREETING: { value: 'hello', required: true, description: 'shown on /' }, EMPTY: { description: 'unset', required: false } },
      formation: { web: { quantity: 2, size: 'constellation', 'health-check': '/health', port: 9000 }, worker: { quantity: 1, command: 'work --hard' } },
      ...(broker ? { addons: { postgresql: { plan: 'postgresql:small' } } } : {}),
      'log-drains': [{ url: 'syslog+tls://logs.example.invalid:6514', token: 'ignored' }],
      'pipeline-couplings': [{ pipeline: 'line', stage: 'development' }],
      source_blob: source(),
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.any(String),
      created_at: ISO,
      updated_at: ISO,
      app: { id: expect.any(String), name: 'shop' },
      progress: 0,
      status: 'pending',
      failure_message: '',
      manifest_errors: [],
      postdeploy: null,
      resolved_success_url: '',
      build: { id: null, status: 'queued', output_stream_url: null },
    });
    // What the job still has to do is sealed at rest: the stored plan does not show the source URL.
    const row = await s.platform.container.resolve(STORE).read((t) => t.appSetups.get(r.body.id));
    expect(row!.plan).toMatch(/^sealed:/);
    expect(row!.plan).not.toContain('app.tgz');
    // The app and its config exist as soon as the POST answered.
    expect((await s.request('GET', '/apps/shop-default')).body).toMatchObject({ id: r.body.app.id, name: 'shop' });
    const done = await settled(s, r.body.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, failure_message: '', build: { id: expect.any(String), status: 'succeeded', output_stream_url: expect.stringMatching(/^\/apps\/shop-default\/builds\/.+\/result$/) } });
    expect((await s.request('GET', '/apps/shop-default/config-vars')).body).toMatchObject({ GREETING: 'hello' });
    expect((await s.request('GET', '/apps/shop-default/config-vars')).body.EMPTY).toBeUndefined();
    const formation = (await s.request('GET', '/apps/shop-default/formation')).body;
    expect(formation).toEqual([
      expect.objectContaining({ type: 'web', quantity: 2, size: 'constellation', port: 9000, healthcheck: '/health' }),
      expect.objectContaining({ type: 'worker', quantity: 1, command: 'work --hard' }),
    ]);
    expect((await s.request('GET', '/apps/shop-default/log-drains')).body).toEqual([expect.objectContaining({ url: 'syslog+tls://logs.example.invalid:6514' })]);
    expect((await s.request('GET', '/apps/shop-default/pipeline-couplings')).body).toMatchObject({ stage: 'development', pipeline: { name: 'line' } });
    expect((await s.request('GET', `/apps/shop-default/builds/${done.build.id}`)).body).toMatchObject({ status: 'succeeded', source_blob: { checksum: CHECKSUM, version: 'v1' } });
    if (broker) {
      const addons = (await s.request('GET', '/apps/shop-default/addons')).body;
      expect(addons).toEqual([expect.objectContaining({ plan: expect.objectContaining({ name: 'postgresql:small' }) })]);
    }
  });

  it('exports a blueprint in the seed shape, and POSTing it back under a new name creates an equivalent app', async () => {
    const bp = await s.request('GET', '/apps/shop-default/app-setups');
    expect(bp.status).toBe(200);
    expect(bp.body).toEqual({
      app: { locked: false, name: 'shop', organization: 'acme', region: expect.any(String), personal: false, space: 'default', stack: expect.any(String) },
      env: { GREETING: { description: '', required: false, value: 'hello' } },
      formation: {
        web: { quantity: 2, size: 'constellation', command: null, port: 9000, healthcheck: '/health' },
        worker: { quantity: 1, size: expect.any(String), command: 'work --hard' },
      },
      addons: broker ? { postgresql: { plan: 'postgresql:small' } } : {},
      attachments: [],
      // Auto-release released the build: the blueprint names its image, so a clone needs no rebuild of the sources.
      source_blob: { checksum: CHECKSUM, url: expect.stringMatching(/^docker:\/\/recorded\/shop:/), version: 'v1' },
      'log-drains': [{ url: 'syslog+tls://logs.example.invalid:6514', token: expect.stringMatching(/^d\./) }],
      'pipeline-couplings': [{ pipeline: 'line', stage: 'development' }],
      sites: {},
    });
    const clone = await s.request('POST', '/app-setups', { ...bp.body, app: { ...bp.body.app, name: 'shopcopy' } });
    expect(clone.status).toBe(201);
    expect(await settled(s, clone.body.id)).toMatchObject({ status: 'succeeded', progress: 1 });
    const copy = (await s.request('GET', '/apps/shopcopy-default/app-setups')).body;
    const tokenless = (b: typeof copy) => ({ ...b, app: { ...b.app, name: 'x' }, source_blob: null, 'log-drains': b['log-drains'].map((d: { url: string }) => d.url) });
    expect(tokenless(copy)).toEqual(tokenless(bp.body));
    const built = (await s.request('GET', '/apps/shopcopy-default/builds')).body;
    expect(built).toEqual([expect.objectContaining({ status: 'succeeded', source_blob: expect.objectContaining({ url: bp.body.source_blob.url }) })]);
    // Exporting again changed nothing on the source app.
    expect((await s.request('GET', '/apps/shop-default/app-setups')).body).toEqual(bp.body);
  });

  it('redacts the config of socs spaces in the blueprint: those vars come back required, without a value', async () => {
    const r = await s.request('POST', '/app-setups', { app: { name: 'secretive', organization: 'acme', space: 'vault' }, env: { TOKEN: 'abc123' }, source_blob: source() });
    expect(r.status).toBe(201);
    await settled(s, r.body.id);
    const bp = (await s.request('GET', '/apps/secretive-vault/app-setups')).body;
    expect(bp.env).toEqual({ TOKEN: { description: '', required: true } });
    expect(JSON.stringify(bp)).not.toContain('abc123');
    // Posting it back as is names the var that must be supplied.
    const back = await s.request('POST', '/app-setups', { ...bp, app: { ...bp.app, name: 'secretive2' } });
    expect(back.status).toBe(422);
    expect(back.body.manifest_errors).toEqual(['env.TOKEN: is required but no value was given']);
  });

  it("takes Heroku app.json shapes: env strings and generated secrets, formation by type, addons as strings, overrides", async () => {
    const r = await s.request('POST', '/app-setups', {
      name: 'ignored app.json name',
      description: 'app.json fields Slipway has no use for are ignored',
      app: { name: 'herokuish', org: 'acme', space: 'default' },
      env: { PLAIN: 'value', SECRET_KEY_BASE: { description: 'made for you', generator: 'secret' }, SWAPPED: { value: 'before' } },
      overrides: { env: { SWAPPED: 'after' } },
      formation: { web: { quantity: 1, size: 'standard-1x' } },
      ...(broker ? { addons: ['postgresql:small', { plan: 'postgresql:small', as: 'second-db' }] } : {}),
      scripts: { postdeploy: 'bin/migrate' },
      buildpacks: [{ url: 'heroku/nodejs' }],
      source_blob: source(),
    });
    expect(r.status).toBe(201);
    const done = await settled(s, r.body.id);
    expect(done.status).toBe('succeeded');
    const config = (await s.request('GET', '/apps/herokuish-default/config-vars')).body;
    expect(config).toMatchObject({ PLAIN: 'value', SWAPPED: 'after', SECRET_KEY_BASE: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await s.request('GET', '/apps/herokuish-default/formation')).body).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'web', quantity: 1, size: 'scout' })]));
    if (broker) {
      const addons = (await s.request('GET', '/apps/herokuish-default/addons')).body;
      expect(addons).toHaveLength(2);
      expect(JSON.stringify(addons)).toContain('second-db');
    }
    // Without a runtime nothing is released, so the postdeploy script has no release to follow.
    expect(done.postdeploy).toBeNull();
  });

  it('fails a setup at the step that failed, saying why, and reports (keeps) what was created before it', async () => {
    const r = await s.request('POST', '/app-setups', {
      app: { name: 'broken', organization: 'acme', space: 'default' },
      env: { KEPT: 'yes' },
      'log-drains': [{ url: 'syslog://logs.example.invalid:514' }],
      source_blob: { url: src.url('/other.tgz'), checksum: CHECKSUM },
    });
    expect(r.status).toBe(201);
    const done = await settled(s, r.body.id);
    expect(done.status).toBe('failed');
    expect(done.failure_message).toMatch(/^build failed: the build failed: Build failed: .*checksum/i);
    expect(done.progress).toBe(0.5);
    expect(done.build).toMatchObject({ status: 'failed', id: expect.any(String) });
    expect((await s.request('GET', '/apps/broken-default/log-drains')).body).toHaveLength(1);
  });

  it('lets exactly one of two concurrent setups of the same app name win; the other fails cleanly with 409', async () => {
    const body = { app: { name: 'twin', organization: 'acme', space: 'default' }, env: { WHO: 'first' }, source_blob: source() };
    const results = await Promise.all([s.request('POST', '/app-setups', body), s.request('POST', '/app-setups', { ...body, env: { WHO: 'second' } })]);
    expect(results.map((x) => x.status).sort()).toEqual([201, 409]);
    const loser = results.find((x) => x.status === 409)!;
    expect(loser.body).toMatchObject({ code: 409, field: expect.stringMatching(/^(app\.name|name)$/) });
    const winner = results.find((x) => x.status === 201)!;
    expect(await settled(s, winner.body.id)).toMatchObject({ status: 'succeeded' });
    const apps = (await s.request('GET', '/apps')).body.filter((a: { name: string }) => a.name === 'twin');
    expect(apps).toHaveLength(1);
    expect((await s.request('GET', '/apps/twin-default/config-vars')).body.WHO).toBe(results[0]!.status === 201 ? 'first' : 'second');
    expect((await s.request('GET', '/apps/twin-default/builds')).body).toHaveLength(1);
  });

  it("checks app:write on the blueprint's org and space: a member of the org may set up an app there, a bystander may not", async () => {
    const as = (who: { token: string }, method: string, path: string, body?: unknown) => s.request(method, path, body, { authorization: `Bearer ${who.token}` });
    // First sight makes the user known, so the org can grant it a role.
    expect((await as(MEMBER, 'GET', '/account')).status).toBe(200);
    expect((await s.request('POST', '/organizations/acme/members', { user: MEMBER.principal.email, role: 'member' })).status).toBe(201);
    const body = { app: { name: 'bymember', organization: 'acme', space: 'default' }, source_blob: source() };
    const refused = await as(BYSTANDER, 'POST', '/app-setups', { ...body, app: { ...body.app, name: 'bybystander' } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ permission: 'app:write' });
    expect((await s.request('GET', '/apps/bybystander-default')).status).toBe(404);
    const created = await as(MEMBER, 'POST', '/app-setups', body);
    expect(created.status).toBe(201);
    expect(await settled(s, created.body.id)).toMatchObject({ status: 'succeeded' });
    expect((await as(MEMBER, 'GET', '/apps/bymember-default/app-setups')).status).toBe(200);
  });

  it('answers 404 for an unknown setup', async () => {
    expect((await s.request('GET', '/app-setups/00000000-0000-4000-8000-000000000000')).body).toMatchObject({ code: 404, field: 'app_setup' });
    expect((await s.request('GET', '/app-setups/nope')).body).toMatchObject({ code: 404, field: 'app_setup' });
    expect((await s.request('GET', '/apps/nope-default/app-setups')).body).toMatchObject({ code: 404 });
  });

  it('resumes a setup after a platform restart with its job mid-way, neither repeating nor losing a step', async () => {
    const db = await testDatabase(kind, 'slipway_setups');
    const gated = testBuilder(true);
    const a = await startTestServer(kind, { ...settings(), databaseUrl: db.url, deploys: { builder: gated } });
    let b: TestServer | null = null;
    try {
      await a.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
      const r = await a.request('POST', '/app-setups', {
        app: { name: 'phoenix', organization: 'acme', space: 'default' },
        formation: { web: { quantity: 1 } },
        ...(broker ? { addons: ['postgresql:small'] } : {}),
        'log-drains': [{ url: 'syslog://logs.example.invalid:514' }],
        source_blob: source(),
      });
      expect(r.status).toBe(201);
      // Mid-way: every step before the build is recorded and the build is running when the platform goes down.
      await expect.poll(() => gated.builds.length, { timeout: 30_000, interval: 50 }).toBe(1);
      const mid = (await a.request('GET', `/app-setups/${r.body.id}`)).body;
      expect(mid).toMatchObject({ status: 'pending', build: { status: 'pending' } });
      expect(mid.progress).toBeGreaterThan(0);
      expect(mid.progress).toBeLessThan(1);
      // Stopping the runner aborts its running jobs at once; the held build then ends as interrupted, to run again.
      const stopping = a.platform.jobs.stop();
      gated.cancelAll();
      await stopping;
      await a.close();

      b = await startTestServer(kind, { ...settings(), databaseUrl: db.url, deploys: { builder: testBuilder() } });
      const done = await settled(b, r.body.id);
      expect(done).toMatchObject({ status: 'succeeded', progress: 1, build: { id: mid.build.id, status: 'succeeded' } });
      expect((await b.request('GET', '/apps/phoenix-default/builds')).body).toHaveLength(1);
      expect((await b.request('GET', '/apps/phoenix-default/log-drains')).body).toHaveLength(1);
      // web from the blueprint, worker from the Procfile once built.
      expect((await b.request('GET', '/apps/phoenix-default/formation')).body.map((f: { type: string }) => f.type)).toEqual(['web', 'worker']);
      if (broker) expect((await b.request('GET', '/apps/phoenix-default/addons')).body).toHaveLength(1);
      const audits = (await b.request('GET', '/audits?app=phoenix-default')).body.map((x: { action: string }) => x.action);
      expect(audits.filter((x: string) => x === 'logdrain_change')).toHaveLength(1);
      expect(audits.filter((x: string) => x === 'app_create')).toHaveLength(1);
      expect(audits.filter((x: string) => x === 'formation_change')).toHaveLength(2);
    } finally {
      await b?.close();
      await db.cleanup();
    }
  }, 90_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '@slipway/testkit';
import { startTestBroker, useDatabase, type TestBroker } from './broker.js';
import { startReceiver } from './receiver.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

// The example broker provisions PostgreSQL databases: these suites need the test server (CI fails without it).
await postgresAvailable();

const SERVICE_ID = 'a3d2c1f0-5b8e-4e0f-9a51-6c1b0e2f7d10';
const SMALL_ID = 'b1f0a7e2-1c3d-4f5a-8b6c-0d1e2f3a4b51';

describe.each(await storeKinds())('addons on %s', (kind) => {
  let s: TestServer;
  let broker: TestBroker;
  let n = 0;
  const newApp = async (space = 'default') => {
    const name = `ad${++n}`;
    expect((await s.request('POST', '/apps', { org: 'acme', name, space })).status).toBe(201);
    return `${name}-${space}`;
  };
  beforeAll(async () => {
    broker = await startTestBroker();
    s = await startTestServer(kind, { brokers: [broker.options], jobPollMs: 50, allowPrivateHooks: true, hookRetryBaseMs: 50 });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
  });
  afterAll(async () => {
    await s?.close();
    await broker?.close();
  });

  it('lists addon services and plans from the broker in the seed shape', async () => {
    const list = await s.request('GET', '/addon-services');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        cli_plugin_name: 'postgresql',
        created_at: expect.any(String),
        human_name: 'PostgreSQL (example broker)',
        id: SERVICE_ID,
        name: 'postgresql',
        state: 'ga',
        description: expect.any(String),
        available_regions: ['local'],
        supports_multiple_installations: true,
        supports_sharing: true,
        updated_at: expect.any(String),
      },
    ]);
    expect((await s.request('GET', `/addon-services/${SERVICE_ID}`)).body).toEqual(list.body[0]);
    expect((await s.request('GET', '/addon-services/postgresql')).body).toEqual(list.body[0]);
    expect((await s.request('GET', '/addon-services/redis')).body).toMatchObject({ code: 404, id: 'not_found' });
    const plans = await s.request('GET', '/addon-services/postgresql/plans');
    expect(plans.body.map((p: { name: string }) => p.name).sort()).toEqual(['postgresql:async', 'postgresql:chaos', 'postgresql:medium', 'postgresql:small']);
    const small = plans.body.find((p: { id: string }) => p.id === SMALL_ID);
    expect(small).toEqual({
      attributes: {},
      addon_service: { id: SERVICE_ID, name: 'postgresql' },
      created_at: expect.any(String),
      default: false,
      description: expect.any(String),
      human_name: 'Small',
      id: SMALL_ID,
      installable_inside_private_network: true,
      installable_outside_private_network: true,
      name: 'postgresql:small',
      price: { cents: 0, unit: 'month' },
      space_default: false,
      state: 'public',
      updated_at: expect.any(String),
    });
    for (const ref of ['small', 'postgresql:small', SMALL_ID]) {
      expect((await s.request('GET', `/addon-services/postgresql/plans/${ref}`)).body).toEqual({ ...small, provisioned_by: [] });
    }
    expect((await s.request('GET', '/addon-services/postgresql/plans/huge')).body).toMatchObject({ code: 404, field: 'plan' });
  });

  it('provisions a working DATABASE_URL, shows it everywhere, then deprovisions (database dropped)', async () => {
    const app = await newApp();
    const created = await s.request('POST', `/apps/${app}/addons`, { plan: SMALL_ID });
    expect(created.status).toBe(201);
    const addon = created.body;
    expect(addon).toEqual({
      actions: null,
      addon_service: { id: SERVICE_ID, name: 'postgresql' },
      app: { id: expect.any(String), name: app },
      billed_price: { cents: 0, unit: 'month', contract: false },
      config_vars: ['DATABASE_URL'],
      created_at: expect.any(String),
      id: expect.any(String),
      name: expect.stringMatching(/^postgresql-[a-z]+-\d{4}$/),
      plan: { id: SMALL_ID, name: 'postgresql:small' },
      primary: true,
      provider_id: 'example-pg',
      state: 'provisioned',
      state_description: '',
      updated_at: expect.any(String),
      web_url: `/apps/${app}`,
      attached_to: [{ id: addon.app.id, name: app, owner: true }],
    });
    expect(await broker.databaseExists(addon.id)).toBe(true);
    const vars = (await s.request('GET', `/apps/${app}/config-vars`)).body;
    expect(vars.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(await useDatabase(vars.DATABASE_URL)).toBe('ok');

    const { attached_to: _a, state: _s, state_description: _d, config_vars: _c, ...listed } = addon;
    expect((await s.request('GET', '/addons')).body).toContainEqual(listed);
    expect((await s.request('GET', `/addons/${addon.name}`)).body).toEqual({ ...addon, config_vars: { DATABASE_URL: vars.DATABASE_URL } });
    expect((await s.request('GET', `/addons/${addon.id}/config`)).body).toEqual({ DATABASE_URL: vars.DATABASE_URL });
    expect((await s.request('GET', `/apps/${app}/addons`)).body).toEqual([addon]);
    expect((await s.request('GET', `/apps/${app}/addons/${addon.name}`)).body).toEqual(addon);
    expect((await s.request('GET', `/addon-services/postgresql/plans/small`)).body.provisioned_by).toContainEqual({ id: addon.app.id, name: app });

    const edit = await s.request('PATCH', `/apps/${app}/config-vars`, { DATABASE_URL: 'postgres://evil' });
    expect(edit.body).toMatchObject({ code: 422, field: 'DATABASE_URL' });

    const deleted = await s.request('DELETE', `/apps/${app}/addons/${addon.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: addon.id, name: addon.name });
    expect((await s.request('GET', `/apps/${app}/config-vars`)).body).toEqual({});
    expect((await s.request('GET', `/addons/${addon.id}`)).status).toBe(404);
    expect((await s.request('GET', `/apps/${app}/addons`)).body).toEqual([]);
    await expect.poll(() => broker.databaseExists(addon.id), { timeout: 15_000 }).toBe(false);
  });

  it('rejects bad addon input with clear errors and writes nothing', async () => {
    const app = await newApp();
    const post = (body: unknown, a = app) => s.request('POST', `/apps/${a}/addons`, body);
    expect((await post({})).body).toMatchObject({ code: 422, field: 'plan' });
    expect((await post({ plan: 5 })).body).toMatchObject({ code: 422, field: 'plan' });
    expect((await post({ plan: 'redis:small' })).body).toMatchObject({ code: 404, field: 'plan' });
    expect((await post({ plan: 'postgresql:huge' })).body).toMatchObject({ code: 404, field: 'plan' });
    expect((await post({ plan: '00000000-0000-4000-8000-000000000000' })).body).toMatchObject({ code: 404, field: 'plan' });
    expect((await post({ plan: 'postgresql' })).body).toMatchObject({ code: 422, field: 'plan' });
    expect((await post({ plan: 'postgresql:small', attachment: { name: 'bad name!' } })).body).toMatchObject({ code: 422, field: 'attachment.name' });
    expect((await post({ plan: 'postgresql:small', attachment: 'x' })).body).toMatchObject({ code: 422, field: 'attachment' });
    expect((await post({ plan: 'postgresql:small', parameters: 'x' })).body).toMatchObject({ code: 422, field: 'parameters' });
    expect((await post({ plan: 'postgresql:small' }, 'ghost-default')).status).toBe(404);
    expect((await s.request('GET', `/apps/${app}/addons/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await s.request('GET', '/addons/no-such-addon')).status).toBe(404);
    expect((await s.request('GET', '/addons/no-such-addon/config')).status).toBe(404);
    expect((await s.request('DELETE', `/apps/${app}/addons/no-such-addon`)).status).toBe(404);
    expect((await s.request('GET', `/apps/${app}/addons`)).body).toEqual([]);
    const named = await post({ plan: 'postgresql:small', attachment: { name: `mycoolname${n}` } });
    expect(named.status).toBe(201);
    expect(named.body.name).toBe(`mycoolname${n}`);
    expect((await post({ plan: 'postgresql:small', attachment: { name: `mycoolname${n}` } })).body).toMatchObject({ code: 409 });
    expect((await s.request('GET', `/apps/${app}/addons`)).body).toHaveLength(1);
    expect((await s.request('DELETE', `/apps/${app}/addons/${named.body.id}`)).status).toBe(200);
    await expect.poll(() => broker.databaseExists(named.body.id), { timeout: 15_000 }).toBe(false);
  });

  it('prefixes a secondary addon and swaps vars when it is promoted or renamed', async () => {
    const app = await newApp();
    const first = (await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:small' })).body;
    const second = (await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:medium', attachment: { name: 'second' } })).body;
    expect(second).toMatchObject({ name: 'second', primary: false, config_vars: ['SECOND_DATABASE_URL'] });
    const vars = (await s.request('GET', `/apps/${app}/config-vars`)).body;
    expect(Object.keys(vars).sort()).toEqual(['DATABASE_URL', 'SECOND_DATABASE_URL']);
    expect(vars.DATABASE_URL).not.toBe(vars.SECOND_DATABASE_URL);

    const promoted = await s.request('PATCH', `/apps/${app}/addons/${second.id}`, { primary: true });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ primary: true, config_vars: ['DATABASE_URL'] });
    const firstPrefix = `${first.name.slice('postgresql-'.length).toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
    expect((await s.request('GET', `/apps/${app}/addons/${first.id}`)).body).toMatchObject({ primary: false, config_vars: [firstPrefix] });
    const after = (await s.request('GET', `/apps/${app}/config-vars`)).body;
    expect(after).toEqual({ DATABASE_URL: vars.SECOND_DATABASE_URL, [firstPrefix]: vars.DATABASE_URL });

    const renamed = await s.request('PATCH', `/apps/${app}/addons/${first.id}`, { attachment: { name: 'mynewcoolname' } });
    expect(renamed.body).toMatchObject({ name: 'mynewcoolname', primary: false, config_vars: ['MYNEWCOOLNAME_DATABASE_URL'] });
    expect(Object.keys((await s.request('GET', `/apps/${app}/config-vars`)).body).sort()).toEqual(['DATABASE_URL', 'MYNEWCOOLNAME_DATABASE_URL']);
    expect((await s.request('PATCH', `/apps/${app}/addons/${first.id}`, { primary: 'yes' })).body).toMatchObject({ code: 422, field: 'primary' });
    expect((await s.request('PATCH', `/apps/${app}/addons/${first.id}`, { attachment: { name: 'second' } })).body).toMatchObject({ code: 409 });

    // Deleting the primary promotes the remaining one.
    expect((await s.request('DELETE', `/apps/${app}/addons/${second.id}`)).status).toBe(200);
    expect((await s.request('GET', `/apps/${app}/config-vars`)).body).toEqual({ DATABASE_URL: vars.DATABASE_URL });
    expect((await s.request('DELETE', `/apps/${app}/addons/${first.id}`)).status).toBe(200);
  });

  it('keeps exactly one primary per service when promotions race, and audits attachment changes', async () => {
    const app = await newApp();
    const made: Array<{ id: string; name: string }> = [];
    for (const name of ['alpha', 'beta', 'gamma']) made.push((await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:small', attachment: { name } })).body);
    const primaries = async () => (await Promise.all(made.map(async (x) => ((await s.request('GET', `/apps/${app}/addons/${x.id}`)).body.primary ? x.name : null)))).filter(Boolean);
    expect(await primaries()).toEqual(['alpha']);
    for (let round = 0; round < 5; round++) {
      // Both demote alpha; without serialisation each misses the other's promotion and two primaries remain.
      const [b, g] = await Promise.all([made[1], made[2]].map((x) => s.request('PATCH', `/apps/${app}/addons/${x.id}`, { primary: true })));
      expect([b.status, g.status]).toEqual([200, 200]);
      expect(await primaries()).toHaveLength(1);
      expect((await s.request('PATCH', `/apps/${app}/addons/${made[0].id}`, { primary: true })).status).toBe(200);
      expect(await primaries()).toEqual(['alpha']);
    }
    expect(Object.keys((await s.request('GET', `/apps/${app}/config-vars`)).body).sort()).toEqual(['BETA_DATABASE_URL', 'DATABASE_URL', 'GAMMA_DATABASE_URL']);
    const actions = (await s.request('GET', `/audits?app=${app}`)).body.map((e: { action: string }) => e.action);
    expect(actions.filter((x: string) => x === 'addon_update')).toHaveLength(15);
    for (const x of made) expect((await s.request('DELETE', `/apps/${app}/addons/${x.id}`)).status).toBe(200);
  });

  it('attaches an addon to another app of the same space; only the owner deletes, the other only detaches', async () => {
    await s.request('POST', '/spaces', { name: `dev${n}` });
    await s.request('POST', '/spaces', { name: `far${n}` });
    const owner = await newApp(`dev${n - 1 + 1}`);
    const space = owner.slice(owner.indexOf('-') + 1);
    const other = await newApp(space);
    const stranger = await newApp(`far${n - 2}`);
    const addon = (await s.request('POST', `/apps/${owner}/addons`, { plan: 'postgresql:small' })).body;
    const ownerUrl = (await s.request('GET', `/apps/${owner}/config-vars`)).body.DATABASE_URL;

    const attached = await s.request('POST', `/apps/${other}/addon-attachments`, { addon: addon.name, app: other, name: 'shared' });
    expect(attached.status).toBe(200);
    expect(attached.body).toEqual({
      addon: {
        actions: null,
        addon_service: { id: SERVICE_ID, name: 'postgresql' },
        app: { id: addon.app.id, name: owner },
        config_vars: ['DATABASE_URL'],
        created_at: addon.created_at,
        id: addon.id,
        name: addon.name,
        plan: { id: SMALL_ID, name: 'postgresql:small' },
      },
      app: { id: expect.any(String), name: other },
      created_at: expect.any(String),
      updated_at: expect.any(String),
      id: expect.any(String),
      name: 'shared',
      primary: true,
    });
    expect((await s.request('GET', `/apps/${other}/config-vars`)).body).toEqual({ DATABASE_URL: ownerUrl });
    expect((await s.request('GET', `/apps/${other}/addon-attachments`)).body).toEqual([attached.body]);
    for (const ref of [attached.body.id, 'shared', addon.id, addon.name]) {
      expect((await s.request('GET', `/apps/${other}/addon-attachments/${ref}`)).body).toEqual(attached.body);
    }
    expect((await s.request('GET', `/addons/${addon.id}`)).body.attached_to).toEqual([
      { id: addon.app.id, name: owner, owner: true },
      { id: attached.body.app.id, name: other, owner: false },
    ]);
    // The owner's own addon is not an attachment of it.
    expect((await s.request('GET', `/apps/${owner}/addon-attachments`)).body).toEqual([]);

    expect((await s.request('POST', `/apps/${other}/addon-attachments`, { addon: addon.id })).body).toMatchObject({ code: 409 });
    expect((await s.request('POST', `/apps/${stranger}/addon-attachments`, { addon: addon.id })).body).toMatchObject({ code: 422, field: 'app' });
    expect((await s.request('POST', `/apps/${other}/addon-attachments`, {})).body).toMatchObject({ code: 422, field: 'addon' });
    expect((await s.request('POST', `/apps/${other}/addon-attachments`, { addon: 'ghost-addon' })).status).toBe(404);
    expect((await s.request('POST', `/apps/${other}/addon-attachments`, { addon: addon.id, name: 'Bad Name' })).body).toMatchObject({ code: 422, field: 'name' });
    expect((await s.request('GET', `/apps/${other}/addon-attachments/00000000-0000-4000-8000-000000000000`)).status).toBe(404);

    expect((await s.request('DELETE', `/apps/${other}/addons/${addon.id}`)).body).toMatchObject({ code: 403 });
    expect((await s.request('PATCH', `/apps/${other}/addons/${addon.id}`, { primary: false })).body).toMatchObject({ code: 403 });
    expect((await s.request('DELETE', `/apps/${owner}/addon-attachments/${addon.id}`)).body).toMatchObject({ code: 422, field: 'addon' });

    const demoted = await s.request('PATCH', `/apps/${other}/addon-attachments/${attached.body.id}`, { primary: false, name: 'mynewname' });
    expect(demoted.body).toMatchObject({ name: 'mynewname', primary: false, addon: { config_vars: ['MYNEWNAME_DATABASE_URL'] } });
    expect((await s.request('GET', `/apps/${other}/config-vars`)).body).toEqual({ MYNEWNAME_DATABASE_URL: ownerUrl });
    expect((await s.request('PATCH', `/apps/${other}/addon-attachments/${attached.body.id}`, { primary: 1 })).body).toMatchObject({ code: 422, field: 'primary' });

    const detached = await s.request('DELETE', `/apps/${other}/addon-attachments/${attached.body.id}`);
    expect(detached.status).toBe(200);
    expect(detached.body.id).toBe(attached.body.id);
    expect((await s.request('GET', `/apps/${other}/config-vars`)).body).toEqual({});
    expect((await s.request('GET', `/apps/${other}/addon-attachments`)).body).toEqual([]);
    // Detaching changed nothing for the owner or at the broker.
    expect((await s.request('GET', `/apps/${owner}/config-vars`)).body).toEqual({ DATABASE_URL: ownerUrl });
    expect(await broker.databaseExists(addon.id)).toBe(true);

    // Deleting the owner app deprovisions its addons and takes them from apps they were attached to.
    await s.request('POST', `/apps/${other}/addon-attachments`, { addon: addon.id });
    expect((await s.request('DELETE', `/apps/${owner}`)).status).toBe(200);
    expect((await s.request('GET', `/apps/${other}/config-vars`)).body).toEqual({});
    expect((await s.request('GET', `/addons/${addon.id}`)).status).toBe(404);
    await expect.poll(() => broker.databaseExists(addon.id), { timeout: 15_000 }).toBe(false);
  });

  it('redacts addon credentials in socs spaces', async () => {
    await s.request('POST', '/spaces', { name: `vault${n}`, compliance: ['socs'] });
    const app = await newApp(`vault${n - 0}`);
    const addon = (await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:small' })).body;
    expect(addon.state).toBe('provisioned');
    for (const path of [`/addons/${addon.id}/config`, `/addons/${addon.id}`, `/apps/${app}/config-vars`]) {
      const body = JSON.stringify((await s.request('GET', path)).body);
      expect(body, path).toContain('DATABASE_URL');
      expect(body, path).not.toMatch(/postgres(ql)?:\/\//);
    }
    expect((await s.request('DELETE', `/apps/${app}/addons/${addon.id}`)).status).toBe(200);
  });

  it('sends addon_change on provision and deprovision in the seed shape', async () => {
    const rx = await startReceiver();
    try {
      const app = await newApp();
      expect((await s.request('POST', `/apps/${app}/hooks`, { url: rx.url, events: ['addon_change'] })).status).toBe(201);
      const addon = (await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:small' })).body;
      await rx.waitFor(1);
      const item = {
        actions: null,
        addon_service: { id: SERVICE_ID, name: 'postgresql' },
        config_vars: ['DATABASE_URL'],
        created_at: addon.created_at,
        id: addon.id,
        name: addon.name,
        plan: { id: SMALL_ID, name: 'postgresql:small' },
        provider_id: 'example-pg',
        updated_at: expect.any(String),
        web_url: `/apps/${app}`,
      };
      expect(rx.received[0]!.body).toEqual({ action: 'addon_change', app: { name: app.split('-')[0], id: addon.app.id }, space: { name: 'default' }, change: 'create', changes: [item] });
      expect(rx.received[0]!.raw.toString()).not.toMatch(/postgres(ql)?:\/\//);
      await s.request('DELETE', `/apps/${app}/addons/${addon.id}`);
      await rx.waitFor(2);
      expect(rx.received[1]!.body).toEqual({ action: 'addon_change', app: { name: app.split('-')[0], id: addon.app.id }, space: { name: 'default' }, change: 'delete', changes: [item] });

      // Deleting the app announces the deletion of each addon it owned, before its hooks go with it.
      const kept = (await s.request('POST', `/apps/${app}/addons`, { plan: 'postgresql:small' })).body;
      await rx.waitFor(3);
      expect((await s.request('DELETE', `/apps/${app}`)).status).toBe(200);
      await rx.waitFor(4);
      expect(rx.received[3]!.body).toMatchObject({ action: 'addon_change', change: 'delete', changes: [{ id: kept.id, name: kept.name }] });
      await expect.poll(() => broker.databaseExists(kept.id), { timeout: 15_000 }).toBe(false);
    } finally {
      await rx.close();
    }
  });
});

import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from './receiver.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

const sign = (raw: Buffer, secret: string) => `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`;

describe.each(await storeKinds())('webhooks on %s', (kind) => {
  let s: TestServer;
  let rx: Receiver;
  let n = 0;
  let app: string;
  beforeAll(async () => {
    s = await startTestServer(kind, { allowPrivateHooks: true, hookRetryBaseMs: 50, hookTimeoutMs: 300, jobPollMs: 50 });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
  });
  afterAll(() => s?.close());
  beforeEach(async () => {
    rx = await startReceiver();
    app = `web${++n}`;
    expect((await s.request('POST', '/apps', { org: 'acme', name: app, space: 'default' })).status).toBe(201);
    app = `${app}-default`;
  });
  afterEach(() => rx.close());

  const hook = async (events = ['config_change', 'feature_change', 'destroy'], secret = 's3cret') => {
    const r = await s.request('POST', `/apps/${app}/hooks`, { url: rx.url, events, active: true, secret });
    expect(r.status).toBe(201);
    return r.body;
  };

  it('creates, reads, updates (partially) and deletes hooks with the seed shape', async () => {
    const h = await hook(['release', 'build']);
    expect(h).toEqual({ url: rx.url, events: ['release', 'build'], active: true, created_at: expect.any(String), id: expect.any(String), secret: 's3cret' });
    expect((await s.request('GET', `/apps/${app}/hooks`)).body).toEqual([h]);
    expect((await s.request('GET', `/apps/${app}/hooks/${h.id}`)).body).toEqual(h);
    const u = await s.request('PATCH', `/apps/${app}/hooks/${h.id}`, { active: false });
    expect(u.body).toEqual({ ...h, active: false });
    const d = await s.request('DELETE', `/apps/${app}/hooks/${h.id}`);
    expect(d.status).toBe(200);
    expect((await s.request('GET', `/apps/${app}/hooks/${h.id}`)).status).toBe(404);
    expect((await s.request('GET', `/apps/${app}/hooks`)).body).toEqual([]);
    const audits = (await s.request('GET', `/audits?app=${app}`)).body.map((a: { action: string }) => a.action);
    expect(audits).toEqual(expect.arrayContaining(['hook_create', 'hook_update', 'hook_delete']));
  });

  it('rejects bad hook input naming the field', async () => {
    const post = (body: unknown) => s.request('POST', `/apps/${app}/hooks`, body);
    expect((await post({ events: ['release'] })).body).toMatchObject({ code: 422, field: 'url' });
    expect((await post({ url: 'ftp://x.example/', events: ['release'] })).body).toMatchObject({ code: 422, field: 'url' });
    expect((await post({ url: 'not a url', events: ['release'] })).body).toMatchObject({ code: 422, field: 'url' });
    expect((await post({ url: rx.url, events: [] })).body).toMatchObject({ code: 422, field: 'events' });
    expect((await post({ url: rx.url, events: ['nonsense'] })).body).toMatchObject({ code: 422, field: 'events.0' });
    expect((await post({ url: rx.url, events: 'release' })).body).toMatchObject({ code: 422, field: 'events' });
    expect((await post({ url: rx.url, events: ['release'], active: 'yes' })).body).toMatchObject({ code: 422, field: 'active' });
    expect((await s.request('POST', '/apps/ghost-default/hooks', { url: rx.url, events: ['release'] })).status).toBe(404);
    expect((await s.request('PATCH', `/apps/${app}/hooks/00000000-0000-4000-8000-000000000000`, { active: false })).status).toBe(404);
    expect((await s.request('GET', `/apps/${app}/hooks/not-an-id`)).status).toBe(404);
  });

  it('delivers signed events with the seed headers and records the attempt', async () => {
    const h = await hook();
    await s.request('PATCH', `/apps/${app}/config-vars`, { FOO: 'bar' });
    await rx.waitFor(1);
    const got = rx.received[0]!;
    expect(got.headers['x-appkit-event']).toBe('config_change');
    expect(got.headers['user-agent']).toBe('appkit-hookshot');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-appkit-signature']).toBe(sign(got.raw, 's3cret'));
    expect(got.body).toEqual({
      action: 'config_change',
      app: { name: app.split('-')[0], id: expect.any(String) },
      space: { name: 'default' },
      changes: [{ type: 'create', name: 'FOO' }],
      config_vars: { FOO: 'bar' },
    });
    const deliveryId = got.headers['x-appkit-delivery'] as string;
    await expect.poll(async () => (await s.request('GET', `/apps/${app}/hooks/${h.id}/results/${deliveryId}`)).body.status).toBe('succeeded');
    const result = (await s.request('GET', `/apps/${app}/hooks/${h.id}/results/${deliveryId}`)).body;
    expect(result).toMatchObject({
      id: deliveryId,
      num_attempts: 1,
      hook: { id: h.id, events: h.events },
      last_attempt: {
        request: { method: 'post', url: rx.url, headers: { 'x-appkit-event': 'config_change', 'x-appkit-delivery': deliveryId, 'x-appkit-signature': got.headers['x-appkit-signature'] }, body: got.body },
        response: { code: 200 },
        status: 'succeeded',
      },
    });
    expect((await s.request('GET', `/apps/${app}/hooks/${h.id}/results`)).body.map((r: { id: string }) => r.id)).toEqual([deliveryId]);
    expect((await s.request('GET', `/apps/${app}/hooks/${h.id}/results/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('retries after 500s and timeouts with backoff until the receiver answers', async () => {
    rx.respond = (_r, i) => (i === 1 ? { status: 500 } : i === 2 ? { status: 200, delayMs: 1000 } : { status: 200 });
    const h = await hook();
    await s.request('PATCH', `/apps/${app}/features/preview`, { enabled: true });
    await rx.waitFor(3);
    const ids = new Set(rx.received.map((r) => r.headers['x-appkit-delivery']));
    expect(ids.size).toBe(1);
    const id = [...ids][0] as string;
    await expect.poll(async () => (await s.request('GET', `/apps/${app}/hooks/${h.id}/results/${id}`)).body.status).toBe('succeeded');
    const result = (await s.request('GET', `/apps/${app}/hooks/${h.id}/results/${id}`)).body;
    expect(result.num_attempts).toBe(3);
    expect(rx.received.every((r) => r.headers['x-appkit-signature'] === sign(r.raw, 's3cret'))).toBe(true);
  });

  it('delivers each hook its events in order, even across retries', async () => {
    rx.respond = (_r, i) => (i <= 2 ? { status: 503 } : { status: 200 });
    await hook(['config_change']);
    for (let i = 0; i < 5; i++) await s.request('PATCH', `/apps/${app}/config-vars`, { SEQ: String(i) });
    await rx.waitFor(7);
    const answered = rx.received.slice(2).map((r) => r.body.config_vars.SEQ);
    expect(answered).toEqual(['0', '1', '2', '3', '4']);
  });

  it('delivers concurrent changes of one var in the order they won: the last delivery carries the stored value', async () => {
    await hook(['config_change']);
    // Rounds of 8 writers racing on one var: whichever commits last must also be delivered last.
    for (let round = 0; round < 3; round++) {
      const before = rx.received.length;
      const answers = await Promise.all(Array.from({ length: 8 }, (_, w) => s.request('PATCH', `/apps/${app}/config-vars`, { SEQ: `${round}-${w}` })));
      for (const a of answers) expect(a.status).toBe(200);
      await rx.waitFor(before + 8);
      const stored = (await s.request('GET', `/apps/${app}/config-vars`)).body.SEQ;
      expect(rx.received.at(-1)!.body.config_vars.SEQ).toBe(stored);
      expect(new Set(rx.received.slice(before).map((r) => r.body.config_vars.SEQ)).size).toBe(8);
    }
  });

  it('sends nothing to inactive hooks or for events they did not subscribe to', async () => {
    const h = await hook(['destroy']);
    await s.request('PATCH', `/apps/${app}/config-vars`, { A: '1' });
    await s.request('PATCH', `/apps/${app}/hooks/${h.id}`, { active: false, events: ['config_change'] });
    await s.request('PATCH', `/apps/${app}/config-vars`, { A: '2' });
    await s.request('PATCH', `/apps/${app}/hooks/${h.id}`, { active: true });
    await s.request('PATCH', `/apps/${app}/config-vars`, { A: '3' });
    await rx.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received.map((r) => r.body.config_vars.A)).toEqual(['3']);
  });

  it('redacts config values in socs spaces', async () => {
    await s.request('POST', '/spaces', { name: `vault${n}`, compliance: ['socs'] });
    await s.request('POST', '/apps', { org: 'acme', name: 'safe', space: `vault${n}` });
    app = `safe-vault${n}`;
    await hook(['config_change']);
    await s.request('PATCH', `/apps/${app}/config-vars`, { PASSWORD: 'hunter2' });
    await rx.waitFor(1);
    expect(rx.received[0]!.raw.toString()).not.toContain('hunter2');
    expect(rx.received[0]!.body.changes).toEqual([{ type: 'create', name: 'PASSWORD' }]);
  });

  it('sends destroy and removes the hooks with the app', async () => {
    const h = await hook();
    await s.request('DELETE', `/apps/${app}`);
    await rx.waitFor(1);
    expect(rx.received[0]!.body).toEqual({ action: 'destroy', app: { name: app.split('-')[0], id: expect.any(String) }, space: { name: 'default' } });
    expect((await s.request('GET', `/apps/${app}/hooks/${h.id}`)).status).toBe(404);
  });

  it('still sends destroy when a delivery in flight settles after the app and its hooks are gone', async () => {
    await hook();
    // config_change goes unanswered (times out, is retried) until the app is deleted: its outcome is then saved with
    // the hook gone, while the app's destroy waits behind it on the hook's key.
    let deleted = false;
    rx.respond = (r) => (r.body.action === 'config_change' && !deleted ? null : { status: 200 });
    await s.request('PATCH', `/apps/${app}/config-vars`, { A: '1' });
    await rx.waitFor(1);
    expect((await s.request('DELETE', `/apps/${app}`)).status).toBe(200);
    deleted = true;
    await expect.poll(() => rx.received.filter((r) => r.body.action === 'destroy').length, { timeout: 15_000 }).toBe(1);
    expect(rx.received.at(-1)!.body).toMatchObject({ action: 'destroy', app: { name: app.split('-')[0] } });
  });
});

describe('webhook address policy', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('sqlite', { allowPrivateHooks: false });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await s.request('POST', '/apps', { org: 'acme', name: 'api', space: 'default' });
  });
  afterAll(() => s?.close());

  it('refuses loopback, link-local and private receivers by default', async () => {
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://169.254.169.254/latest', 'http://10.1.2.3/', 'http://[::1]/', 'http://192.168.0.10/']) {
      const r = await s.request('POST', '/apps/api-default/hooks', { url, events: ['release'] });
      expect(r.body, url).toMatchObject({ code: 422, field: 'url' });
    }
    expect((await s.request('POST', '/apps/api-default/hooks', { url: 'https://hooks.example.com/x', events: ['release'] })).status).toBe(201);
  });
});

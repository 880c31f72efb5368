import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRsyslog, type RsyslogReceiver } from '@slipway/testkit';
import { startReceiver, type Receiver } from './receiver.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

/** The real syslog peer; a missing rsyslogd fails the suite rather than skipping it. */
async function rsyslog(): Promise<RsyslogReceiver> {
  const rs = await startRsyslog();
  if (!rs) throw new Error('rsyslogd is needed for the log drain tests (apt-get install rsyslog rsyslog-openssl)');
  return rs;
}

describe.each(await storeKinds())('log drains on %s', (kind) => {
  let s: TestServer;
  let strict: TestServer;
  let rs: RsyslogReceiver;
  let rx: Receiver;
  let n = 0;
  let app: string;
  beforeAll(async () => {
    rs = await rsyslog();
    rx = await startReceiver();
    s = await startTestServer(kind, { runtime: 'none', allowPrivateDrains: true, allowPrivateHooks: true, jobPollMs: 50 });
    strict = await startTestServer(kind, { runtime: 'none' });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await strict.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
  });
  afterAll(async () => {
    await s?.close();
    await strict?.close();
    await rx?.close();
    await rs?.close();
  });
  beforeEach(async () => {
    app = `drained${++n}`;
    expect((await s.request('POST', '/apps', { org: 'acme', name: app, space: 'default' })).status).toBe(201);
    app = `${app}-default`;
  });

  it('adds, lists, gets (both spellings) and removes drains in the seed shape, masking credentials', async () => {
    const c = await s.request('POST', `/apps/${app}/log-drains`, { url: 'https://user:secret@logs.example.test/drain?key=abc' });
    expect(c.status).toBe(201);
    expect(c.body).toEqual({
      created_at: expect.any(String), id: expect.any(String), addon: null, updated_at: expect.any(String),
      token: expect.stringMatching(/^d\.[0-9a-f-]{36}$/), url: 'https://user:***@logs.example.test/drain?key=***',
    });
    const d = c.body;
    expect((await s.request('GET', `/apps/${app}/log-drains`)).body).toEqual([d]);
    expect((await s.request('GET', `/apps/${app}/log-drains/${d.id}`)).body).toEqual(d);
    expect((await s.request('GET', `/apps/${app}/log-drians/${d.id}`)).body).toEqual(d);
    expect((await s.request('POST', `/apps/${app}/log-drains`, { url: 'https://user:secret@logs.example.test/drain?key=abc' })).status).toBe(409);
    const del = await s.request('DELETE', `/apps/${app}/log-drains/${d.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual(d);
    expect((await s.request('GET', `/apps/${app}/log-drains/${d.id}`)).status).toBe(404);
    expect((await s.request('GET', `/apps/${app}/log-drains`)).body).toEqual([]);
    expect((await s.request('GET', '/apps/ghost-default/log-drains')).status).toBe(404);
  });

  it('refuses unknown schemes, private addresses and misplaced credentials with 422 naming url', async () => {
    const strictApp = `strict${n}`;
    expect((await strict.request('POST', '/apps', { org: 'acme', name: strictApp, space: 'default' })).status).toBe(201);
    const post = (url: unknown) => strict.request('POST', `/apps/${strictApp}-default/log-drains`, { url });
    for (const url of [
      'ftp://logs.example.test:21', 'logs.example.test:514', 'syslog://u:p@logs.example.test:514', 'http://u:p@logs.example.test/x',
      'syslog://127.0.0.1:514', 'syslog+tls://10.1.2.3:6514', 'https://169.254.169.254/latest', 'syslog+udp://[::1]:514',
      'syslog://localhost:514', 'https://[::ffff:192.168.1.1]/x', 'syslog://logs.example.test', 'http://logs.example.test/x', 42,
    ]) expect((await post(url)).body, String(url)).toMatchObject({ code: 422, field: 'url' });
    expect((await strict.request('POST', `/apps/${strictApp}-default/log-drains`, {})).body).toMatchObject({ code: 422, field: 'url' });
    expect((await post('syslog+tls://logs.example.test:6514')).status).toBe(201);
  });

  it('fires logdrain_change on create and delete, and removes drains with the app', async () => {
    expect((await s.request('POST', `/apps/${app}/hooks`, { url: rx.url, events: ['logdrain_change'], active: true, secret: 's' })).status).toBe(201);
    const before = rx.received.length;
    const d = (await s.request('POST', `/apps/${app}/log-drains`, { url: 'syslog+tls://logs.example.test:6514' })).body;
    await s.request('DELETE', `/apps/${app}/log-drains/${d.id}`);
    await rx.waitFor(before + 2);
    const bodies = rx.received.slice(before).map((r) => r.body);
    expect(bodies).toEqual([
      { action: 'logdrain_change', app: { name: app.split('-')[0], id: expect.any(String) }, space: { name: 'default' }, change: 'create', changes: [{ id: d.id, url: 'syslog+tls://logs.example.test:6514' }] },
      { action: 'logdrain_change', app: { name: app.split('-')[0], id: expect.any(String) }, space: { name: 'default' }, change: 'delete', changes: [{ id: d.id, url: 'syslog+tls://logs.example.test:6514' }] },
    ]);
    await s.request('POST', `/apps/${app}/log-drains`, { url: 'syslog+tls://logs.example.test:6515' });
    expect((await s.request('DELETE', `/apps/${app}`)).status).toBe(200);
    expect((await s.request('GET', `/apps/${app}/log-drains`)).status).toBe(404);
  });

  it('forwards the platform lines of an app (scaling) to a real rsyslog with app, process and source in the header', async () => {
    expect((await s.request('POST', `/apps/${app}/log-drains`, { url: `syslog://127.0.0.1:${rs.tcpPort}` })).status).toBe(201);
    expect((await s.request('POST', `/apps/${app}/formation`, { type: 'worker', quantity: 2, size: 'constellation', command: 'sleep 1000' })).status).toBe(201);
    const got = await rs.waitFor((m) => m.some((x) => x.hostname === app && x.msgid === 'worker'), 20_000);
    const line = got.find((x) => x.hostname === app && x.msgid === 'worker')!;
    expect(line).toMatchObject({ pri: 190, app_name: 'slipway', procid: '-', msg: expect.stringMatching(/^Scaled worker to 2:constellation by tester/) });
    // A drain that hangs (nothing listens behind a black-holed peer) never slows the API.
    expect((await s.request('POST', `/apps/${app}/log-drains`, { url: 'syslog+tls://192.0.2.1:6514' })).status).toBe(201);
    expect((await s.request('PATCH', `/apps/${app}/formation/worker`, { quantity: 3 })).status).toBe(200);
    await rs.waitFor((m) => m.some((x) => x.hostname === app && /Scaled worker to 3/.test(x.msg)), 20_000);
  });
});

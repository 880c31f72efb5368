import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

describe.each(await storeKinds())('metrics without a runtime on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind, { runtime: 'none' });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    await s.request('POST', '/apps', { org: 'acme', name: 'quiet', space: 'default' });
  });
  afterAll(() => s?.close());

  it('answers 503 when the runtime cannot report metrics, 404 for a missing app and 422 for a bad range', async () => {
    expect((await s.request('GET', '/apps/quiet-default/metrics')).body).toMatchObject({ code: 503 });
    expect((await s.request('GET', '/apps/ghost-default/metrics')).status).toBe(404);
    expect((await s.request('GET', '/apps/quiet-default/metrics?resolution=soon')).body).toMatchObject({ code: 422, field: 'resolution' });
    expect((await s.request('GET', '/apps/quiet-default/metrics?from=yesterday')).body).toMatchObject({ code: 422, field: 'from' });
    expect((await s.request('GET', '/apps/quiet-default/metrics?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z')).body).toMatchObject({ code: 422, field: 'from' });
  });
});

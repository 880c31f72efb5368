import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '@slipway/core';
import { findOrStartDockerEngine, IN_CI, sourceDataUrl, startRsyslog, type DockerEngine, type RsyslogReceiver } from '@slipway/testkit';
import { connectDocker } from '@slipway/runtime-docker';
import { TEST_LABEL as LABEL, buildBaseImage, removeRun, startShDockerfile } from './docker-apps.js';
import { startTestServer, type TestServer } from './test-server.js';

const run = randomBytes(4).toString('hex');
const baseImage = `slipway-drains/busybox:${run}`;
const engine: DockerEngine | null = await findOrStartDockerEngine();
if (!engine && IN_CI) throw new Error('a Docker engine is required in CI');

// The web dyno ticks on stdout every second, so a tail opened at any time sees its output.
const startScript = `mkdir -p /tmp/www\necho ok > /tmp/www/index.html\n(while true; do echo "tick from $PORT"; sleep 1; done) &\nexec httpd -f -p "$PORT" -h /tmp/www\n`;

describe.runIf(engine)('log drains and metrics of a Docker app (end to end)', () => {
  let s: TestServer;
  let rs: RsyslogReceiver;
  const docker = engine ? connectDocker({ host: engine.host }) : null!;
  const app = 'drained-default';

  beforeAll(async () => {
    await buildBaseImage(docker, baseImage, run);
    const started = await startRsyslog();
    if (!started) throw new Error('rsyslogd is needed for the log drain tests (apt-get install rsyslog rsyslog-openssl)');
    rs = started;
    s = await startTestServer('sqlite', {
      jobPollMs: 50,
      allowPrivateDrains: true,
      drainRescanMs: 500,
      docker: { host: engine!.host, labels: { [LABEL]: run }, networkPrefix: `slwd${run}`, stopTimeoutSeconds: 2, healthIntervalMs: 500, repository: `slipway-drains-${run}` },
      deploys: { deployRetryMs: 500, buildStopPollMs: 200, keepSources: 3 },
    });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'drained', space: 'default' })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await s?.close();
    await rs?.close();
    await removeRun(docker, run);
    await engine?.stop();
  }, 120_000);

  it("forwards the dynos' output and the platform's build and release lines to rsyslog, and reports the dyno's metrics", async () => {
    expect((await s.request('POST', `/apps/${app}/log-drains`, { url: `syslog://127.0.0.1:${rs.tcpPort}` })).status).toBe(201);
    const source = sourceDataUrl({ Dockerfile: startShDockerfile(baseImage), 'start.sh': startScript, Procfile: 'web: sh /start.sh\n' });
    const build = await s.request('POST', `/apps/${app}/builds`, { ...source, org: 'acme', sha: 'abc123', version: 'v1' });
    expect(build.status).toBe(201);
    // Auto-release is on: the build's success releases it, and the dyno starts ticking.
    const mine = (m: { hostname: string }) => m.hostname === app;
    const got = await rs.waitFor((ms) => ms.some((m) => mine(m) && m.app_name === 'app' && /^tick from/.test(m.msg)), 120_000);
    const tick = got.find((m) => mine(m) && m.app_name === 'app')!;
    expect(tick).toMatchObject({ pri: 190, msgid: 'web', procid: expect.stringMatching(/^web\./) });
    const all = await rs.waitFor((ms) => ms.some((m) => mine(m) && m.app_name === 'slipway' && /^Release v1 created/.test(m.msg)), 30_000);
    const platform = all.filter((m) => mine(m) && m.app_name !== 'app').map((m) => `${m.app_name} ${m.msg}`);
    expect(platform).toEqual(expect.arrayContaining([`build Build ${build.body.id} started by tester`, `build Build ${build.body.id} succeeded`, expect.stringMatching(/^slipway Release v1 created by /)]));

    // Metrics: one sample of the running web dyno, from the engine's one-shot stats.
    await expect.poll(async () => {
      const m = (await s.request('GET', `/apps/${app}/metrics?resolution=1m`)).body;
      return Object.values(m.memory_usage_bytes ?? {}).length;
    }, { timeout: 30_000, interval: 500 }).toBe(1);
    const metrics = (await s.request('GET', `/apps/${app}/metrics?resolution=1m`)).body;
    expect(Object.keys(metrics)).toEqual([...METRIC_NAMES]);
    const [bucket, memory] = Object.entries(metrics.memory_usage_bytes as Record<string, number>)[0]!;
    expect(Number(bucket) % 60).toBe(0);
    expect(memory).toBeGreaterThan(0);
    expect(Object.values(metrics.cpu_usage_seconds_total as Record<string, number>)[0]).toBeGreaterThan(0);

    // Removing the last drain stops forwarding; the app keeps running.
    const drains = (await s.request('GET', `/apps/${app}/log-drains`)).body;
    expect((await s.request('DELETE', `/apps/${app}/log-drains/${drains[0].id}`)).status).toBe(200);
  }, 240_000);
});

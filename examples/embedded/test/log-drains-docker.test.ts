import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '@slipway/core';
import { packTar, readTar } from '@slipway/testkit';
import { busyboxRootfsTar, findOrStartDockerEngine, IN_CI, startRsyslog, type DockerEngine, type RsyslogReceiver } from '@slipway/testkit';
import { connectDocker } from '@slipway/runtime-docker';
import { startTestServer, type TestServer } from './test-server.js';

const LABEL = 'io.slipway.test-run';
const run = randomBytes(4).toString('hex');
const baseImage = `slipway-drains/busybox:${run}`;
const engine: DockerEngine | null = await findOrStartDockerEngine();
if (!engine && IN_CI) throw new Error('a Docker engine is required in CI');

/** A source archive (tar.gz) from files, as a data: URL with its checksum. */
function appSource(files: Record<string, string>): { url: string; checksum: string } {
  const gz = gzipSync(packTar(Object.entries(files).map(([name, text]) => ({ name, data: Buffer.from(text), mode: 0o755 }))));
  return { url: `data:application/gzip;base64,${gz.toString('base64')}`, checksum: `sha256:${createHash('sha256').update(gz).digest('hex')}` };
}

// The web dyno ticks on stdout every second, so a tail opened at any time sees its output.
const startScript = `mkdir -p /tmp/www\necho ok > /tmp/www/index.html\n(while true; do echo "tick from $PORT"; sleep 1; done) &\nexec httpd -f -p "$PORT" -h /tmp/www\n`;

describe.runIf(engine)('log drains and metrics of a Docker app (end to end)', () => {
  let s: TestServer;
  let rs: RsyslogReceiver;
  const docker = engine ? connectDocker({ host: engine.host }) : null!;
  const app = 'drained-default';

  beforeAll(async () => {
    const rootfs = readTar(busyboxRootfsTar()).map((e) => ({ ...e, name: `rootfs/${e.name}` }));
    const context = packTar([{ name: 'Dockerfile', data: Buffer.from('FROM scratch\nCOPY rootfs/ /\nCMD ["sh"]\n') }, { name: 'rootfs', type: 'dir' }, ...rootfs]);
    const stream = await docker.buildImage(Buffer.from(context) as never, { t: baseImage, labels: { [LABEL]: run }, rm: true });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
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
    const label = { label: [`${LABEL}=${run}`] };
    for (const c of await docker.listContainers({ all: true, filters: label })) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    for (const n of await docker.listNetworks({ filters: label })) await docker.getNetwork(n.Id).remove().catch(() => undefined);
    for (const i of await docker.listImages({ filters: label })) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
    await engine?.stop();
  }, 120_000);

  it("forwards the dynos' output and the platform's build and release lines to rsyslog, and reports the dyno's metrics", async () => {
    expect((await s.request('POST', `/apps/${app}/log-drains`, { url: `syslog://127.0.0.1:${rs.tcpPort}` })).status).toBe(201);
    const source = appSource({ Dockerfile: `FROM ${baseImage}\nCOPY start.sh /start.sh\nCMD ["sh", "/start.sh"]\n`, 'start.sh': startScript, Procfile: 'web: sh /start.sh\n' });
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

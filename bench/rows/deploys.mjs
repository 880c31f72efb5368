// Bench row: deploy latency on Docker, from `POST /releases` answered to every web dyno of that release
// running and ready, for a small busybox web app scaled to 2. Slipway runs in its own process. Without an
// engine the row is left out with a note (an error when CI=true, as in the tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from '../../packages/runtime-docker/dist/index.js';
import { busyboxImageContext, findOrStartDockerEngine } from '../../packages/testkit/dist/index.js';
import { apiClient } from '../lib/api.mjs';
import { startServer } from '../lib/processes.mjs';
import { emitRow } from '../lib/rows.mjs';
import { percentile as pct } from '../lib/stats.mjs';

const TOKEN = 'bench-deploy-token';
/** Runs the scenario; returns its figures, or null (after saying why on stderr) when no Docker engine answers. */
async function benchReleaseToRunning({ releases = 5, quantity = 2 } = {}) {
  // The engine the tests use: DOCKER_HOST or the default socket, else a private dockerd (as root); in CI a
  // missing engine throws, which fails the bench.
  const engine = await findOrStartDockerEngine();
  if (!engine) {
    process.stderr.write('No Docker engine answers and none could be started: the deploy row is left out.\n');
    return null;
  }
  const host = engine.host;
  const docker = connectDocker({ host, timeoutMs: 2000 });
  const run = Math.random().toString(36).slice(2, 8);
  const image = `slipway-bench/busybox:${run}`;
  const dir = mkdtempSync(join(tmpdir(), 'slipway-bench-deploy-'));
  const times = [];
  let slipway;
  try {
    await new Promise((resolve, reject) => docker.buildImage(busyboxImageContext(), { t: image, rm: true }).then((s) => docker.modem.followProgress(s, (e) => (e ? reject(e) : resolve())), reject));
    slipway = await startServer('servers/slipway.mjs', {
      databaseUrl: `sqlite:${join(dir, 'b.db')}`, token: TOKEN, runtime: 'auto',
      jobPollMs: 20, docker: { host, repository: `slipway-bench-${run}`, networkPrefix: `slwb${run}`, stopTimeoutSeconds: 1, healthIntervalMs: 250 },
    });
    const call = apiClient(slipway.url, TOKEN);
    await call('POST', '/organizations', { name: 'bench', description: 'Bench' });
    const app = await call('POST', '/apps', { org: 'bench', name: 'rel', space: 'default' });
    await call('PATCH', '/apps/rel-default/features/auto-release', { enabled: false });
    const build = await call('POST', '/apps/rel-default/builds', { url: `docker://${image}`, checksum: `sha256:${'0'.repeat(64)}` });
    let b = build;
    while (b.status === 'pending') {
      await new Promise((res) => setTimeout(res, 20));
      b = await call('GET', `/apps/rel-default/builds/${build.id}`);
    }
    if (b.status !== 'succeeded') throw new Error(`bench build ${b.status}`);
    await call('PATCH', '/apps/rel-default/formation/web', { quantity, command: 'httpd -f -p $PORT -h /www' });
    for (let i = 0; i < releases; i++) {
      const started = performance.now();
      const r = await call('POST', '/apps/rel-default/releases', { slug: b.slug.id });
      for (;;) {
        const dynos = await call('GET', '/apps/rel-default/dynos');
        if (dynos.length === quantity && dynos.every((d) => d.state === 'running' && d.ready && d.release?.version === r.version)) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      times.push(performance.now() - started);
    }
    await call('DELETE', '/apps/rel-default');
    // Wait for the removal job, so the next run starts from an empty engine.
    for (let i = 0; i < 200 && (await docker.listContainers({ all: true, filters: { label: [`io.slipway.app.id=${app.id}`] } })).length; i++) await new Promise((res) => setTimeout(res, 100));
  } finally {
    await slipway?.stop();
    rmSync(dir, { recursive: true, force: true });
    for (const n of await docker.listNetworks()) if (n.Name.startsWith(`slwb${run}-`)) await docker.getNetwork(n.Id).remove().catch(() => undefined);
    for (const i of await docker.listImages()) {
      if (i.RepoTags?.some((t) => t === image || t.startsWith(`slipway-bench-${run}/`))) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
    }
    await engine.stop();
  }
  return { quantity, releases, median: pct(times, 50), p90: pct(times, 90), max: Math.round(Math.max(...times)) };
}

const f = await benchReleaseToRunning();
if (f) emitRow({ figure: `Docker: POST /releases -> ${f.quantity} dynos running and ready, median / p90 / max of ${f.releases}`, slipway: `${f.median} / ${f.p90} / ${f.max} ms`, measured: f.median, goal: 'median < 1500 ms' });

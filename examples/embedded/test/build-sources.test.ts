import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildDriver, BuildOutcome, BuildRequest } from '@slipway/core';
import { packTar } from '@slipway/testkit';
import { startTestServer, type TestServer } from './test-server.js';

/** A real HTTP server on loopback serving one source archive and counting the requests it got. */
async function startSourceServer(body: Buffer): Promise<{ port: number; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.byteLength }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/**
 * A build driver that records what it is handed and what the source directory held while it ran: the build
 * engine is not under test here (runtime-docker runs the BuildDriver contract), the source path is.
 */
function recordingBuilder(): BuildDriver & { seen: Array<{ request: BuildRequest; dockerfile: string | null }> } {
  const seen: Array<{ request: BuildRequest; dockerfile: string | null }> = [];
  return {
    seen,
    async build(request): Promise<BuildOutcome> {
      const file = request.source.kind === 'directory' ? join(request.source.path, 'Dockerfile') : null;
      seen.push({ request, dockerfile: file && existsSync(file) ? readFileSync(file, 'utf8') : null });
      return { status: 'succeeded', image: `recorded/${request.id}`, digest: null };
    },
    cancel: async () => false,
    close: async () => undefined,
  };
}

const gz = gzipSync(packTar([{ name: 'Dockerfile', data: Buffer.from('FROM scratch\n') }, { name: 'Procfile', data: Buffer.from('web: serve\n') }]));
const checksum = `sha256:${createHash('sha256').update(gz).digest('hex')}`;

/** A server whose builds record into a builder, and a source server; started and stopped around one describe. */
function harness(allowPrivateOutbound: boolean) {
  const h = { s: null as unknown as TestServer, src: null as unknown as Awaited<ReturnType<typeof startSourceServer>>, builder: recordingBuilder() };
  beforeAll(async () => {
    h.src = await startSourceServer(gz);
    // Webhooks may reach loopback in this test: the hooks-only switch must not open build sources.
    h.s = await startTestServer('sqlite', { runtime: 'none', jobPollMs: 50, allowPrivateHooks: true, allowPrivateOutbound, deploys: { builder: h.builder, buildStopPollMs: 200 } });
    await h.s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    expect((await h.s.request('POST', '/apps', { org: 'acme', name: 'src', space: 'default' })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await h.s?.close();
    await h.src?.close();
  });
  return h;
}

/** Posts a build and waits until its job settled it; the build's status and log lines. */
async function build(s: TestServer, url: string) {
  const created = await s.request('POST', '/apps/src-default/builds', { url, checksum });
  expect(created.status).toBe(201);
  await expect.poll(async () => (await s.request('GET', `/apps/src-default/builds/${created.body.id}`)).body.status, { timeout: 30_000, interval: 100 }).not.toBe('pending');
  return (await s.request('GET', `/apps/src-default/builds/${created.body.id}/result`)).body as { build: { status: string }; lines: string[] };
}

describe('build sources under the default outbound policy', () => {
  const h = harness(false);

  it('refuses loopback source URLs in every spelling; the receiver gets nothing', async () => {
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', 'localhost']) {
      const result = await build(h.s, `http://${host}:${h.src.port}/src.tgz`);
      expect(result.build.status, host).toBe('failed');
      expect(result.lines.at(-1), host).toMatch(/^Build failed: .*(refused|not allowed|loopback)/i);
    }
    expect(h.src.hits).toEqual([]);
    expect(h.builder.seen).toEqual([]);
  });
});

describe('build sources with SLIPWAY_ALLOW_PRIVATE_OUTBOUND', () => {
  const h = harness(true);

  it('fetches, verifies and unpacks the source, and hands the build driver a directory', async () => {
    const result = await build(h.s, `http://127.0.0.1:${h.src.port}/src.tgz`);
    expect(result.build.status, JSON.stringify(result.lines)).toBe('succeeded');
    expect(h.src.hits).toEqual(['/src.tgz']);
    expect(h.builder.seen).toHaveLength(1);
    expect(h.builder.seen[0]!.request.source.kind).toBe('directory');
    expect(h.builder.seen[0]!.dockerfile).toBe('FROM scratch\n');
    expect(result.lines).toContain('Procfile declares web');
    // The unpacked source is removed once the build settled.
    const source = h.builder.seen[0]!.request.source;
    expect(source.kind === 'directory' && existsSync(source.path)).toBe(false);
  });
});

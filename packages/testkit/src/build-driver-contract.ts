import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DriverUnavailableError, packTar, type BuildDriver, type BuildOutcome, type BuildRequest, type BuildSource } from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What a build driver supports; the contract runs the matching cases. */
export interface BuildDriverCapabilities {
  /** `docker://` sources are fetched (or found locally) and re-tagged. */
  dockerImages: boolean;
  /** Zip archives are accepted besides tar and tar.gz. */
  zip: boolean;
  /** `cancel` stops a running build. */
  cancel: boolean;
}

/** What the adapter's test hands the contract. */
export interface BuildDriverFixture {
  driver: BuildDriver;
  /** A local image with busybox applets (sh, cat, sleep, echo) to build `FROM`; no registry is needed. */
  baseImage: string;
  /** Runs `image` with `command` (or its default command when null) and returns its standard output. */
  run(image: string, command: string[] | null): Promise<string>;
  /** A driver pointed at an engine that does not answer, to check DriverUnavailableError. */
  unreachableDriver: BuildDriver;
  /** An image reference that cannot be found or pulled (e.g. on a registry port nothing listens on). */
  missingImage: string;
  /** Called once after the suite (remove images the builds made). */
  teardown?: () => Promise<void>;
}

const TIMEOUT = 180_000;

function context(files: Record<string, string>): Uint8Array {
  return packTar(Object.entries(files).map(([name, data]) => ({ name, data: Buffer.from(data), mode: 0o644 })));
}

/** The zip of `files`, made by the system's python3 so the contract does not trust its own zip writer. */
function zipOf(files: Record<string, string>): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-zip-'));
  try {
    mkdirSync(join(dir, 'src'));
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, 'src', name), data);
    execFileSync('python3', [
      '-c',
      'import os,sys,zipfile\nwith zipfile.ZipFile(sys.argv[2],"w",zipfile.ZIP_DEFLATED) as z:\n  [z.write(os.path.join(sys.argv[1],f),f) for f in os.listdir(sys.argv[1])]',
      join(dir, 'src'),
      join(dir, 'out.zip'),
    ]);
    return readFileSync(join(dir, 'out.zip'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The BuildDriver contract: builds from archives and images succeed with runnable output, bad sources fail with
 * a clear last log line (never a rejection), cancel works, retries of one build id are safe.
 */
export function buildDriverContract(name: string, setup: () => Promise<BuildDriverFixture>, capabilities: BuildDriverCapabilities): void {
  describe(`BuildDriver contract: ${name}`, () => {
    let fx: BuildDriverFixture;
    const app = { id: `app-${randomBytes(4).toString('hex')}`, name: `bld${randomBytes(3).toString('hex')}` };
    const space = { id: 'space-contract', name: 'contract' };

    const build = async (source: BuildSource, over: Partial<BuildRequest> = {}): Promise<{ outcome: BuildOutcome; lines: string[] }> => {
      const lines: string[] = [];
      const outcome = await fx.driver.build({ id: randomBytes(8).toString('hex'), app, space, source, onLog: (l) => lines.push(l), ...over });
      return { outcome, lines };
    };
    const dockerfile = (extra = '') => `FROM ${fx.baseImage}\nCOPY message.txt /message.txt\n${extra}CMD ["cat", "/message.txt"]\n`;

    beforeAll(async () => {
      fx = await setup();
    }, TIMEOUT);
    afterAll(async () => {
      await fx?.driver.close();
      await fx?.teardown?.();
    }, TIMEOUT);

    it('builds a tar context into a runnable image and streams log lines', { timeout: TIMEOUT }, async () => {
      const { outcome, lines } = await build({ kind: 'archive', format: 'tar', data: context({ Dockerfile: dockerfile(), 'message.txt': 'built from tar\n' }) });
      expect(outcome.status).toBe('succeeded');
      if (outcome.status !== 'succeeded') return;
      expect(outcome.image).toMatch(/\S/);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((l) => !l.includes('\n'))).toBe(true);
      expect(await fx.run(outcome.image, null)).toBe('built from tar\n');
    });

    it('accepts tar.gz bytes and a streamed archive, and passes build args', { timeout: TIMEOUT }, async () => {
      const files = { Dockerfile: `${dockerfile('ARG FLAVOUR\nRUN echo "flavour=$FLAVOUR" > /flavour.txt\n')}`, 'message.txt': 'gz\n' };
      const gz = await build({ kind: 'archive', format: 'tar.gz', data: gzipSync(context(files)) }, { args: { FLAVOUR: 'mint' } });
      expect(gz.outcome.status).toBe('succeeded');
      if (gz.outcome.status === 'succeeded') expect(await fx.run(gz.outcome.image, ['cat', '/flavour.txt'])).toBe('flavour=mint\n');
      const bytes = context({ ...files, 'message.txt': 'streamed\n' });
      async function* chunks() {
        for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
      }
      const streamed = await build({ kind: 'archive', format: 'tar', data: chunks() });
      expect(streamed.outcome.status).toBe('succeeded');
      if (streamed.outcome.status === 'succeeded') expect(await fx.run(streamed.outcome.image, null)).toBe('streamed\n');
    });

    it.runIf(capabilities.zip)('accepts zip archives', { timeout: TIMEOUT }, async () => {
      const { outcome } = await build({ kind: 'archive', format: 'zip', data: zipOf({ Dockerfile: dockerfile(), 'message.txt': 'zipped\n' }) });
      expect(outcome.status).toBe('succeeded');
      if (outcome.status === 'succeeded') expect(await fx.run(outcome.image, null)).toBe('zipped\n');
    });

    it('fails a build whose step fails, with the reason as the last log line, and keeps working', { timeout: TIMEOUT }, async () => {
      const { outcome, lines } = await build({
        kind: 'archive',
        format: 'tar',
        data: context({ Dockerfile: dockerfile('RUN echo about to fail && exit 7\n'), 'message.txt': 'x' }),
      });
      expect(outcome.status).toBe('failed');
      if (outcome.status === 'failed') {
        expect(outcome.reason).toMatch(/7/);
        expect(lines.at(-1)).toContain(outcome.reason);
      }
      expect(lines.some((l) => l.includes('about to fail'))).toBe(true);
      const ok = await build({ kind: 'archive', format: 'tar', data: context({ Dockerfile: dockerfile(), 'message.txt': 'still fine\n' }) });
      expect(ok.outcome.status).toBe('succeeded');
    });

    it('fails bad sources with a clear line: not an archive, no Dockerfile, unknown base image', { timeout: TIMEOUT }, async () => {
      const cases: Array<[BuildSource, RegExp]> = [
        [{ kind: 'archive', format: 'tar', data: Buffer.from('this is not an archive at all') }, /\S/],
        [{ kind: 'archive', format: 'tar.gz', data: Buffer.from('neither is this') }, /\S/],
        [{ kind: 'archive', format: 'tar', data: context({ 'README.md': 'no dockerfile here' }) }, /Dockerfile/i],
        [{ kind: 'archive', format: 'tar', data: context({ Dockerfile: `FROM ${fx.missingImage}\n` }) }, /\S/],
      ];
      if (capabilities.zip) cases.push([{ kind: 'archive', format: 'zip', data: Buffer.from('not a zip') }, /zip/i]);
      for (const [source, reason] of cases) {
        const { outcome, lines } = await build(source);
        expect(outcome.status, JSON.stringify(lines)).toBe('failed');
        if (outcome.status !== 'failed') continue;
        expect(outcome.reason).toMatch(reason);
        expect(lines.at(-1)).toMatch(/fail/i);
      }
    });

    it.runIf(capabilities.dockerImages)('turns docker:// images into slugs and fails missing ones cleanly', { timeout: TIMEOUT }, async () => {
      const { outcome, lines } = await build({ kind: 'image', image: fx.baseImage });
      expect(outcome.status).toBe('succeeded');
      if (outcome.status === 'succeeded') {
        expect(outcome.image).not.toBe(fx.baseImage);
        expect(await fx.run(outcome.image, ['echo', 'from image'])).toBe('from image\n');
      }
      expect(lines.length).toBeGreaterThan(0);
      const missing = await build({ kind: 'image', image: fx.missingImage });
      expect(missing.outcome.status).toBe('failed');
      expect(missing.lines.at(-1)).toMatch(/fail/i);
    });

    it('is safe to repeat a build id (a retried job gets the same image)', { timeout: TIMEOUT }, async () => {
      const id = randomBytes(8).toString('hex');
      const source: BuildSource = { kind: 'archive', format: 'tar', data: context({ Dockerfile: dockerfile(), 'message.txt': 'once\n' }) };
      const first = await build(source, { id });
      const second = await build(source, { id });
      expect(first.outcome.status).toBe('succeeded');
      expect(second.outcome).toEqual(first.outcome);
    });

    it.runIf(capabilities.cancel)('cancels a running build by id', { timeout: TIMEOUT }, async () => {
      const id = randomBytes(8).toString('hex');
      expect(await fx.driver.cancel('no-such-build')).toBe(false);
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      const lines: string[] = [];
      const pending = fx.driver.build({
        id,
        app,
        space,
        source: { kind: 'archive', format: 'tar', data: context({ Dockerfile: `FROM ${fx.baseImage}\nRUN echo sleeping-now && sleep 120\n` }) },
        onLog: (l) => {
          lines.push(l);
          if (l.includes('sleeping-now')) started();
        },
      });
      await running;
      expect(await fx.driver.cancel(id)).toBe(true);
      expect(await pending).toEqual({ status: 'canceled' });
      expect(await fx.driver.cancel(id)).toBe(false);
    });

    it('reports an unreachable engine as DriverUnavailableError', { timeout: TIMEOUT }, async () => {
      await expect(
        fx.unreachableDriver.build({ id: 'x', app, space, source: { kind: 'archive', format: 'tar', data: context({ Dockerfile: 'FROM scratch\n' }) }, onLog: () => undefined }),
      ).rejects.toBeInstanceOf(DriverUnavailableError);
    });
  });
}

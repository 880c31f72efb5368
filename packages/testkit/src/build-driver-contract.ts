import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DriverUnavailableError, type BuildDriver, type BuildOutcome, type BuildRequest, type BuildSource } from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What a build driver supports; the contract runs the matching cases. */
export interface BuildDriverCapabilities {
  /** `docker://` sources are fetched (or found locally) and re-tagged. */
  dockerImages: boolean;
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

const made: string[] = [];

/** An unpacked source directory holding `files` (names may contain `/`), as the SourceFetcher leaves one. */
function dirOf(files: Record<string, string>): BuildSource {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-build-contract-'));
  made.push(dir);
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return { kind: 'directory', path: dir };
}

/**
 * The BuildDriver contract: builds from unpacked source directories and images succeed with runnable output, bad sources fail with
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
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    }, TIMEOUT);

    it('builds a source directory into a runnable image and streams log lines', { timeout: TIMEOUT }, async () => {
      const { outcome, lines } = await build(dirOf({ Dockerfile: dockerfile(), 'message.txt': 'built from a directory\n' }));
      expect(outcome.status).toBe('succeeded');
      if (outcome.status !== 'succeeded') return;
      expect(outcome.image).toMatch(/\S/);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((l) => !l.includes('\n'))).toBe(true);
      expect(await fx.run(outcome.image, null)).toBe('built from a directory\n');
    });

    it('passes build args, reads nested files and keeps symlinks inside the context', { timeout: TIMEOUT }, async () => {
      const files = {
        Dockerfile: `FROM ${fx.baseImage}\nARG FLAVOUR\nCOPY . /src/\nRUN echo "flavour=$FLAVOUR" > /flavour.txt\nCMD ["cat", "/src/link.txt"]\n`,
        'lib/deep/message.txt': 'nested\n',
      };
      const source = dirOf(files);
      if (source.kind === 'directory') symlinkSync('lib/deep/message.txt', join(source.path, 'link.txt'));
      const { outcome } = await build(source, { args: { FLAVOUR: 'mint' } });
      expect(outcome.status).toBe('succeeded');
      if (outcome.status !== 'succeeded') return;
      expect(await fx.run(outcome.image, ['cat', '/flavour.txt'])).toBe('flavour=mint\n');
      expect(await fx.run(outcome.image, null)).toBe('nested\n');
    });

    it('fails a build whose step fails, with the reason as the last log line, and keeps working', { timeout: TIMEOUT }, async () => {
      const { outcome, lines } = await build(dirOf({ Dockerfile: dockerfile('RUN echo about to fail && exit 7\n'), 'message.txt': 'x' }));
      expect(outcome.status).toBe('failed');
      if (outcome.status === 'failed') {
        expect(outcome.reason).toMatch(/7/);
        expect(lines.at(-1)).toContain(outcome.reason);
      }
      expect(lines.some((l) => l.includes('about to fail'))).toBe(true);
      const ok = await build(dirOf({ Dockerfile: dockerfile(), 'message.txt': 'still fine\n' }));
      expect(ok.outcome.status).toBe('succeeded');
    });

    it('fails bad sources with a clear line: no Dockerfile, a Dockerfile that is a directory, unknown base image', { timeout: TIMEOUT }, async () => {
      const cases: Array<[BuildSource, RegExp]> = [
        [dirOf({ 'README.md': 'no dockerfile here' }), /Dockerfile/i],
        [dirOf({ 'Dockerfile/README.md': 'a directory, not a file' }), /Dockerfile/i],
        [dirOf({ Dockerfile: `FROM ${fx.missingImage}\n` }), /\S/],
      ];
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
      const source = dirOf({ Dockerfile: dockerfile(), 'message.txt': 'once\n' });
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
        source: dirOf({ Dockerfile: `FROM ${fx.baseImage}\nRUN echo sleeping-now && sleep 120\n` }),
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
        fx.unreachableDriver.build({ id: 'x', app, space, source: dirOf({ Dockerfile: 'FROM scratch\n' }), onLog: () => undefined }),
      ).rejects.toBeInstanceOf(DriverUnavailableError);
    });
  });
}

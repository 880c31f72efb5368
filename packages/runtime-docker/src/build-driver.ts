import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { create as createTar } from 'tar';
import {
  DriverUnavailableError,
  type BuildDriver,
  type BuildOutcome,
  type BuildRequest,
} from '@slipway/core';
import { connectDocker, type DockerConnectionOptions } from './connection.js';
import { engineMessage, engineStatus, isUnreachable, toDomainError } from './errors.js';
import { LABEL, dockerSafe } from './labels.js';

/** Options of the Docker build driver. */
export interface DockerBuildOptions extends DockerConnectionOptions {
  /** Repository images are tagged into: `<repository>/<app>-<space>:<build id>`; default `slipway`. */
  repository?: string;
  /** Extra labels on every image built (e.g. to find a test run's leftovers). */
  labels?: Record<string, string>;
}

/** One JSON message of the engine's build/pull progress stream. */
interface ProgressMessage {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** Why a directory is no Docker build context (no regular `Dockerfile` at its root), or null when it is one. */
async function contextProblem(dir: string): Promise<string | null> {
  const st = await lstat(join(dir, 'Dockerfile')).catch(() => null);
  return st?.isFile() ? null : 'source archive has no Dockerfile at its root';
}

/** The directory as a tar stream for `POST /build`; links are kept as links, so nothing outside the root is read. */
function tarContext(dir: string): Readable {
  return createTar({ cwd: dir, portable: true, follow: false }, ['.']) as unknown as Readable;
}

/** BuildDriver over the Engine API: `POST /build` with the unpacked source directory (tarred as it streams) as context, or pull + tag for images. */
export class DockerBuildDriver implements BuildDriver {
  private readonly docker: Docker;
  private readonly repository: string;
  private readonly extraLabels: Record<string, string>;
  private readonly running = new Map<string, AbortController>();

  constructor(options: DockerBuildOptions = {}) {
    this.docker = connectDocker(options);
    this.repository = (options.repository ?? 'slipway').toLowerCase();
    this.extraLabels = { ...options.labels };
  }

  /** The image reference a build produces; stable per build id, so a retried job finds its earlier result. */
  imageFor(request: Pick<BuildRequest, 'id' | 'app' | 'space'>): string {
    const repo = dockerSafe(`${request.app.name}-${request.space.name}`).toLowerCase();
    return `${this.repository}/${repo}:${dockerSafe(request.id).toLowerCase().slice(0, 128)}`;
  }

  async build(request: BuildRequest): Promise<BuildOutcome> {
    if (this.running.has(request.id)) throw new DriverUnavailableError(`build ${request.id} is already running on this driver`);
    const controller = new AbortController();
    this.running.set(request.id, controller);
    const image = this.imageFor(request);
    const log = (line: string) => request.onLog(line);
    const fail = (reason: string): BuildOutcome => {
      log(`Build failed: ${reason}`);
      return { status: 'failed', reason };
    };
    try {
      const existing = await this.inspectImage(image);
      if (existing) {
        log(`Image ${image} was already built for build ${request.id}; reusing it`);
        return { status: 'succeeded', image, digest: existing.Id };
      }
      if (request.source.kind === 'image') return await this.fromImage(request.source.image, image, request, controller.signal, fail);
      // The Dockerfile rule is this driver's: a buildpacks driver on the same port would look for other things.
      const problem = await contextProblem(request.source.path);
      if (problem) return fail(problem);
      const context = tarContext(request.source.path);
      log(`Building image ${image}`);
      let stream: NodeJS.ReadableStream;
      try {
        stream = await this.docker.buildImage(context, {
          t: image,
          rm: true,
          forcerm: true,
          buildargs: request.args ?? {},
          labels: { ...this.extraLabels, [LABEL.managed]: 'true', [LABEL.buildId]: request.id, [LABEL.appId]: request.app.id },
          abortSignal: controller.signal,
        });
      } catch (err) {
        if (controller.signal.aborted) return this.canceled(log);
        if (isUnreachable(err) || engineStatus(err) === undefined) throw toDomainError(err, 'starting a build');
        return fail(engineMessage(err));
      }
      const outcome = await this.follow(stream, log, controller.signal);
      if (outcome.canceled) return this.canceled(log);
      if (outcome.lost) throw new DriverUnavailableError(`lost the engine while building ${request.id}: ${outcome.lost}`);
      if (outcome.error) return fail(outcome.error);
      const built = await this.inspectImage(image);
      if (!built) return fail('the engine reported success but the image is missing');
      log(`Successfully built ${image}`);
      return { status: 'succeeded', image, digest: built.Id };
    } catch (err) {
      if (controller.signal.aborted) return this.canceled(log);
      throw toDomainError(err, `building ${request.id}`);
    } finally {
      this.running.delete(request.id);
    }
  }

  private canceled(log: (line: string) => void): BuildOutcome {
    log('Build canceled');
    return { status: 'canceled' };
  }

  private async inspectImage(ref: string): Promise<Docker.ImageInspectInfo | null> {
    try {
      return await this.docker.getImage(ref).inspect();
    } catch (err) {
      if (engineStatus(err) === 404) return null;
      throw toDomainError(err, `inspecting image ${ref}`);
    }
  }

  /** `docker://` sources: use the local image or pull it, then tag it as this build's image. */
  private async fromImage(
    source: string,
    image: string,
    request: BuildRequest,
    signal: AbortSignal,
    fail: (reason: string) => BuildOutcome,
  ): Promise<BuildOutcome> {
    const log = (line: string) => request.onLog(line);
    if (!(await this.inspectImage(source))) {
      log(`Pulling ${source}`);
      let stream: NodeJS.ReadableStream;
      try {
        stream = await this.docker.pull(source, { abortSignal: signal });
      } catch (err) {
        if (signal.aborted) return this.canceled(log);
        if (isUnreachable(err)) throw toDomainError(err, 'pulling an image');
        return fail(`could not pull ${source}: ${engineMessage(err)}`);
      }
      const outcome = await this.follow(stream, log, signal);
      if (outcome.canceled) return this.canceled(log);
      if (outcome.lost) throw new DriverUnavailableError(`lost the engine while pulling ${source}: ${outcome.lost}`);
      if (outcome.error) return fail(`could not pull ${source}: ${outcome.error}`);
    } else {
      log(`Using local image ${source}`);
    }
    const [repo, tag] = [image.slice(0, image.lastIndexOf(':')), image.slice(image.lastIndexOf(':') + 1)];
    try {
      await this.docker.getImage(source).tag({ repo, tag });
    } catch (err) {
      if (isUnreachable(err)) throw toDomainError(err, 'tagging an image');
      return fail(`could not tag ${source}: ${engineMessage(err)}`);
    }
    const tagged = await this.inspectImage(image);
    log(`Tagged ${source} as ${image}`);
    return { status: 'succeeded', image, digest: tagged?.Id ?? null };
  }

  /** Reads a progress stream to its end, forwarding log lines; resolves with the first error message, if any. */
  private follow(stream: NodeJS.ReadableStream, log: (line: string) => void, signal: AbortSignal): Promise<{ error?: string; canceled?: boolean; lost?: string }> {
    return new Promise((resolve) => {
      let buffered = '';
      let error: string | undefined;
      let partialLine = '';
      const handle = (msg: ProgressMessage) => {
        if (msg.error || msg.errorDetail?.message) {
          error ??= (msg.errorDetail?.message ?? msg.error ?? '').trim();
        } else if (msg.stream !== undefined) {
          const parts = (partialLine + msg.stream).split('\n');
          partialLine = parts.pop() ?? '';
          for (const p of parts) if (p.trim()) log(p.replace(/\r$/, ''));
        } else if (msg.status && !msg.progress) {
          log(msg.id ? `${msg.id}: ${msg.status}` : msg.status);
        }
      };
      const onAbort = () => (stream as unknown as Readable).destroy?.();
      signal.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          try {
            handle(JSON.parse(line) as ProgressMessage);
          } catch {
            log(line);
          }
        }
      });
      const finish = (streamError?: Error) => {
        signal.removeEventListener('abort', onAbort);
        if (buffered.trim()) {
          try {
            handle(JSON.parse(buffered) as ProgressMessage);
          } catch {
            log(buffered);
          }
          buffered = '';
        }
        if (partialLine.trim()) log(partialLine);
        partialLine = '';
        if (signal.aborted) resolve({ canceled: true });
        else if (error) resolve({ error });
        else if (streamError) resolve({ lost: streamError.message });
        else resolve({});
      };
      stream.once('end', () => finish());
      stream.once('close', () => finish());
      stream.once('error', (e: Error) => finish(e));
    });
  }

  async cancel(buildId: string): Promise<boolean> {
    const controller = this.running.get(buildId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  async close(): Promise<void> {
    for (const c of this.running.values()) c.abort();
  }
}

/** Creates the Docker BuildDriver; the host passes it to the platform as its builder. */
export function dockerBuilder(options: DockerBuildOptions = {}): DockerBuildDriver {
  return new DockerBuildDriver(options);
}

import type { InjectionToken } from 'tsyringe';
import type { NamedRef } from '../domain/runtime.js';

/**
 * What to build: a source already fetched, checksum-verified and unpacked (by the SourceFetcher) into a directory
 * the driver may read but must not keep, or an image. What the directory must hold (a Dockerfile at its root, a
 * buildpack-detectable app ...) is the driver's rule, and a source that breaks it fails the build.
 */
export type BuildSource =
  | {
      kind: 'directory';
      /** Absolute path of the source root; removed by the core once `build` settles. */
      path: string;
    }
  /** An existing image (`docker://` stripped); it is fetched and re-tagged, no build runs. */
  | { kind: 'image'; image: string };

/** One build request, handed to the driver by the BuildService's durable job. */
export interface BuildRequest {
  /** Build id; `cancel(id)` stops it, and a repeated id (job retry) must be safe. */
  id: string;
  app: NamedRef;
  space: NamedRef;
  source: BuildSource;
  /** Build arguments (`ARG` in the Dockerfile); config vars are not passed unless the core chooses to. */
  args?: Record<string, string>;
  /** Receives each build log line as it happens, without a trailing newline. Never given secrets. */
  onLog: (line: string) => void;
}

/** How a build ended when the driver itself worked; infrastructure failures reject instead. */
export type BuildOutcome =
  | {
      status: 'succeeded';
      /** Image reference the RuntimeDriver can run (the slug's image). */
      image: string;
      /** Content-addressed id of the image (e.g. `sha256:...`), when the engine reports one. */
      digest: string | null;
    }
  /** The source or Dockerfile is at fault; `reason` is also the last log line. */
  | { status: 'failed'; reason: string }
  | { status: 'canceled' };

/**
 * Turns sources into runnable images. `build` resolves with `failed` for anything the user can fix (bad
 * archive, failing Dockerfile step, unknown base image) after logging a clear line, and rejects only when
 * the driver cannot work (DriverUnavailableError), so the job can be retried and the controller never dies
 * of a bad source. The contract suite is `buildDriverContract` in `@slipway/testkit`.
 */
export interface BuildDriver {
  /** Builds (or fetches and tags) the source and reports the image. */
  build(request: BuildRequest): Promise<BuildOutcome>;
  /** Stops a running build so it resolves `canceled`; false when no build with that id is running here. */
  cancel(buildId: string): Promise<boolean>;
  /** Releases connections (running builds are canceled). */
  close(): Promise<void>;
}

/** DI token of the BuildDriver. */
export const BUILD_DRIVER: InjectionToken<BuildDriver> = Symbol.for('slipway.BuildDriver');

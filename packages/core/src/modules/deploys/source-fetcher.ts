import type { InjectionToken } from 'tsyringe';

/** Archive formats a build source can be, told by their leading bytes (URLs and media types lie). */
export type SourceFormat = 'tar' | 'tar.gz' | 'zip';

/** Options of `SourceFetcher.fetch`. */
export interface SourceFetchOptions {
  /** `sha256:<64 hex>`: the stream fails at its end, before anything is built on it, when the bytes differ. */
  checksum?: string;
  /** Largest download accepted, in bytes; the stream fails as soon as it passes this. */
  maxBytes?: number;
  /** Cancels the download (build canceled). */
  signal?: AbortSignal;
}

/** A source archive being downloaded: its format and its bytes as a stream, not in memory. */
export interface FetchedSource {
  format: SourceFormat;
  /**
   * The archive's bytes, size-capped and checksummed as they pass. Trust what was read only once the stream ended
   * without an error: a cap or checksum failure is raised as the stream's error.
   */
  stream: AsyncIterable<Uint8Array>;
}

/** Limits of `SourceFetcher.unpack`. */
export interface UnpackLimits {
  /** Unpacked bytes at most (decompression bombs fail here). */
  maxBytes?: number;
  /** Entries (files, directories, links) at most. */
  maxEntries?: number;
}

/** A source unpacked into a directory. */
export interface UnpackedSource {
  /** The source root: the target directory, or its single top-level directory (GitHub archives have one). */
  root: string;
  /** Entries written. */
  entries: number;
  /** File bytes written. */
  bytes: number;
  /** Process types of the Procfile at the root (type to command); empty when there is none. */
  processTypes: Record<string, string>;
}

/**
 * Fetches a build's `source_blob.url` (https/http under the outbound address policy, or a `data:` URI) and unpacks
 * it safely (no path traversal, no links leaving the root, size and entry caps). Errors are BadSourceErrors whose
 * messages are safe for build logs.
 */
export interface SourceFetcher {
  /** Starts the download; resolves once the format is known. */
  fetch(url: string, options?: SourceFetchOptions): Promise<FetchedSource>;
  /** Unpacks a fetched source into `dir` (created if missing) and reads its Procfile. */
  unpack(source: FetchedSource, dir: string, limits?: UnpackLimits): Promise<UnpackedSource>;
}

/** DI token of the SourceFetcher. */
export const SOURCE_FETCHER: InjectionToken<SourceFetcher> = Symbol('SourceFetcher');

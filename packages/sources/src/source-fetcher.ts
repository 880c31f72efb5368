import type { FetchedSource, SourceFetcher, SourceFetchOptions, UnpackedSource, UnpackLimits } from '@slipway/core';
import type { OpenSourceOptions } from './open-source.js';
import { openSource } from './open-source.js';
import { readProcfile } from './procfile.js';
import { unpackArchive } from './unpack-archive.js';

/** Options of the SourceFetcher: the outbound guard, TLS trust and defaults for every fetch. */
export type StreamingSourceFetcherOptions = Omit<OpenSourceOptions, 'maxBytes' | 'checksum' | 'signal'> & {
  /** Default download cap when a fetch names none; 512 MiB. */
  maxBytes?: number;
};

/** Core's SourceFetcher port over `openSource` + `unpackArchive` + `readProcfile`. */
export class StreamingSourceFetcher implements SourceFetcher {
  constructor(private readonly options: StreamingSourceFetcherOptions = {}) {}

  /** Starts the download (or decodes the data: URI) and sniffs the format. */
  async fetch(url: string, options: SourceFetchOptions = {}): Promise<FetchedSource> {
    const { maxBytes, ...defaults } = this.options;
    const opened = await openSource(url, {
      ...defaults,
      maxBytes: options.maxBytes ?? maxBytes ?? 512 * 2 ** 20,
      ...(options.checksum !== undefined ? { checksum: options.checksum } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { format: opened.format, stream: opened.stream };
  }

  /** Unpacks into `dir` and reads the Procfile at the source root. */
  async unpack(source: FetchedSource, dir: string, limits: UnpackLimits = {}): Promise<UnpackedSource> {
    const unpacked = await unpackArchive(source.stream, source.format, dir, limits);
    return { ...unpacked, processTypes: await readProcfile(unpacked.root) };
  }
}

/** A SourceFetcher for a host to register under core's SOURCE_FETCHER token. */
export function streamingSourceFetcher(options: StreamingSourceFetcherOptions = {}): SourceFetcher {
  return new StreamingSourceFetcher(options);
}

import { createHash } from 'node:crypto';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../../../errors.js';
import { BadSourceError } from '../../deploys/domain/source.js';
import type { AddressPolicy } from '../../../kernel/address-policy.js';
import type { RepositoryRef, SourceControl } from '../../source-control/source-control.js';

/** A commit's archive made into a build source: a `data:` URI (the pushed-sources path of builds) and its checksum. */
export interface ArchiveSource {
  url: string;
  checksum: string;
  bytes: number;
}

/**
 * The fetch archive downloads use: every URL (the host redirects to a separate download server) is first checked
 * against the outbound policy's literal-address rules, then fetched by `inner`, which the host makes enforce the
 * policy at connect time (names that resolve to refused addresses).
 */
export function policedFetch(policy: AddressPolicy, inner: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    policy.checkUrl(url, 'archive');
    return inner(input, init);
  }) as typeof globalThis.fetch;
}

/**
 * Downloads commit `sha` of `repo` through the SourceControl port, capped at `maxBytes`, and turns it into a build
 * source. Refusals and oversized archives are BadSourceErrors, whose messages are safe for build logs.
 */
export async function archiveSource(
  source: SourceControl,
  repo: RepositoryRef,
  sha: string,
  options: { fetch: typeof globalThis.fetch; maxBytes: number; signal?: AbortSignal },
): Promise<ArchiveSource> {
  let archive;
  try {
    archive = await source.archive(repo, sha, { fetch: options.fetch, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (err) {
    // A refused address, a missing commit or a credential without access will not get better by retrying; an
    // unreachable host might, so that error propagates and the job retries.
    if (err instanceof ValidationError || err instanceof NotFoundError || err instanceof ForbiddenError || err instanceof UnauthorizedError) {
      throw new BadSourceError(`the archive of ${repo.full_name}@${sha.slice(0, 7)} cannot be downloaded: ${(err as Error).message}`);
    }
    throw err;
  }
  if (archive.size !== null && archive.size > options.maxBytes) {
    await archive.stream.cancel().catch(() => undefined);
    throw new BadSourceError(`the archive of ${repo.full_name}@${sha.slice(0, 7)} is larger than ${options.maxBytes} bytes`);
  }
  const hash = createHash('sha256');
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = archive.stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > options.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BadSourceError(`the archive of ${repo.full_name}@${sha.slice(0, 7)} is larger than ${options.maxBytes} bytes`);
    }
    hash.update(value);
    chunks.push(value);
  }
  const body = Buffer.concat(chunks);
  return { url: `data:application/gzip;base64,${body.toString('base64')}`, checksum: `sha256:${hash.digest('hex')}`, bytes };
}

import { Readable } from 'node:stream';
import type { AddressPolicy } from '@slipway/core';
import { guardedFetch } from '@slipway/outbound';

/** Source-control settings of the embedded host (auto builds and previews). */
export interface SourceSettings {
  /** GitHub REST API base URL (SLIPWAY_GITHUB_API_URL): GitHub Enterprise Server, or the fake in tests. */
  apiUrl?: string;
  /** Web URL repository URLs start with (SLIPWAY_GITHUB_WEB_URL); derived from the API URL when unset. */
  webUrl?: string;
  /** The operator's token for calls made without a user's (archives, commit statuses, hook removal): SLIPWAY_GITHUB_TOKEN. */
  token?: string;
  /** Base URL GitHub reaches this controller at, for hook callbacks (SLIPWAY_PUBLIC_URL). */
  publicUrl?: string;
}

/** The source settings from the environment. */
export function sourceSettingsFromEnv(env: NodeJS.ProcessEnv): SourceSettings {
  return {
    ...(env.SLIPWAY_GITHUB_API_URL ? { apiUrl: env.SLIPWAY_GITHUB_API_URL } : {}),
    ...(env.SLIPWAY_GITHUB_WEB_URL ? { webUrl: env.SLIPWAY_GITHUB_WEB_URL } : {}),
    ...(env.SLIPWAY_GITHUB_TOKEN ? { token: env.SLIPWAY_GITHUB_TOKEN } : {}),
    ...(env.SLIPWAY_PUBLIC_URL ? { publicUrl: env.SLIPWAY_PUBLIC_URL } : {}),
  };
}

/**
 * A fetch for archive downloads that enforces the outbound policy at connect time (names resolving to refused
 * addresses included) and re-checks every redirect hop, as the download host may redirect again.
 */
export function guardedArchiveFetch(policy: AddressPolicy, maxBytes: number): typeof globalThis.fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const res = await guardedFetch(url, { policy, maxRedirects: 5, maxBytes, timeoutMs: 30_000, ...(init?.signal ? { signal: init.signal } : {}) });
    const body = res.status === 204 || res.status === 304 ? null : (Readable.toWeb(res.body) as ReadableStream<Uint8Array>);
    return new Response(body, { status: res.status, headers: res.headers });
  }) as typeof globalThis.fetch;
}

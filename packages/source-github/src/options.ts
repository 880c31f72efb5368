import type { RepositoryRef } from '@slipway/core';

/** An operator's credential for calls that get no user token (a token, or a lookup such as a GitHub App's installation token). */
export type AppCredential = string | ((repo: RepositoryRef) => string | undefined | Promise<string | undefined>);

/** Options of `githubSource`. */
export interface GitHubSourceOptions {
  /** REST API base URL: `https://api.github.com` by default; `https://<host>/api/v3` for GitHub Enterprise Server. */
  baseUrl?: string;
  /**
   * Web URL repository URLs start with: `https://github.com` by default; for another `baseUrl`, that URL without
   * a trailing `/api/v3`.
   */
  webUrl?: string;
  /** Used by calls made without a user token (deleting hooks, archives, statuses); anonymous when absent. */
  appCredential?: AppCredential;
  /**
   * Fetch for archive downloads, which leave GitHub's API for its download host: the place for the outbound
   * address policy. A call's own `fetch` option wins; the global fetch otherwise.
   */
  archiveFetch?: typeof globalThis.fetch;
  /** Fetch for API calls (operator-configured host, so not under the outbound policy); the global one by default. */
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout of API calls in milliseconds; 30 s by default. */
  timeoutMs?: number;
  /** User-Agent of API calls. */
  userAgent?: string;
}

/** The default API base URL. */
export const GITHUB_API = 'https://api.github.com';

/** The web URL that goes with an API base URL. */
export function webUrlFor(options: GitHubSourceOptions): URL {
  if (options.webUrl) return new URL(options.webUrl);
  const api = (options.baseUrl ?? GITHUB_API).replace(/\/+$/, '');
  if (api === GITHUB_API) return new URL('https://github.com');
  return new URL(api.replace(/\/api\/v3$/, ''));
}

import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './generated/openapi.js';

export type { components, operations, paths } from './generated/openapi.js';

/** Where the API is and who calls it. */
export interface SlipwayClientOptions {
  /** The controller's base URL, e.g. `http://127.0.0.1:5000`. */
  baseUrl: string;
  /** Bearer token sent on every request (omit for the public reads: /health, /openapi.json). */
  token?: string;
  /** Headers sent on every request beside the token. */
  headers?: Record<string, string>;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: ClientOptions['fetch'];
}

/** A typed client of the Platform Apps API: `client.GET('/apps/{app}', { params: { path: { app } } })`. */
export type SlipwayClient = Client<paths>;

/** A named schema of the document, e.g. `Schema<'App'>`. */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

/** Creates a client whose paths, parameters, bodies and answers are typed from the API's OpenAPI document. */
export function createSlipwayClient(options: SlipwayClientOptions): SlipwayClient {
  return createClient<paths>({
    // openapi-fetch joins baseUrl and the path as strings: a trailing slash would double up.
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

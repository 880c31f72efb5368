import type { z } from 'zod';
import type { InjectionToken } from 'tsyringe';
import type { Principal } from './authenticator.js';
import type { Page, PageRequest } from './paging.js';
import type { Permission } from './permissions.js';
import type { AppView } from '../modules/foundation/domain/records.js';

/** HTTP methods operations use. */
export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** What the transport tells a handler about the request, without exposing the transport itself. */
export interface RequestInfo {
  /** `protocol://host` the client used, for URLs the answer hands back (log sessions). */
  baseUrl: string;
  /** Aborted when the client goes away; long reads (log tails) stop on it. */
  signal: AbortSignal;
  /** Lowercased request headers. */
  headers: Record<string, string | undefined>;
}

/** What a handler receives: validated input, the caller and the platform's container. */
export interface RouteInput<B, Q> {
  params: Record<string, string>;
  body: B;
  query: Q;
  principal: Principal;
  page: PageRequest;
  resolve<T>(token: InjectionToken<T>): T;
  request: RequestInfo;
  /**
   * The app the `{app}` path parameter names, as the permission check loaded it earlier in this same request
   * (absent when no Authorizer is installed or the route names no app). A read-only handler may answer from it
   * instead of looking the app up a second time: it was read after the request arrived, so it is no staler
   * than a second read would be. Writes must still read inside their own transaction.
   */
  app?: AppView;
}

/**
 * One API operation, transport-neutral: how it is matched, validated, documented and handled. A module declares its
 * operations; http-koa mounts them and the OpenAPI document is read from them.
 */
export interface RouteDef<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> {
  method: Method;
  /** Path(s) in `:param` form; extra entries are the seed's alternate spellings. */
  path: string | string[];
  summary: string;
  tag: string;
  body?: B;
  query?: Q;
  /** Response body schema (for a list: the item schema). */
  response: z.ZodType;
  /** Success status (200 unless stated); 204 and 205 answer with no body. */
  status?: number;
  /** Paginated list: the handler returns a Page and the sort fields the Range header may name. */
  list?: readonly string[];
  /** The handler returns an AsyncIterable of text chunks, streamed as they come with this content type. */
  stream?: string;
  /** Served without a token. */
  public?: boolean;
  /**
   * The handler gets the body's raw bytes (a Uint8Array, unparsed: signed callbacks verify exactly what was sent),
   * refused with 413 past `maxBytes`. `body` validation does not apply.
   */
  rawBody?: { maxBytes: number };
  /**
   * What the caller must hold on the operation's target (the org, space or app its path names); listed in the
   * OpenAPI document. Absent: any authenticated caller (catalog reads).
   */
  permission?: Permission;
  /**
   * A GET whose answer depends only on stored data, the caller's token and the request's URL and Range header:
   * the HTTP adapter may answer it again from memory until the store reports a change (`Store.changes`). Never
   * for answers that read a driver, a broker, the clock or anything else outside the store.
   */
  cache?: boolean;
  handler(input: RouteInput<z.infer<B>, z.infer<Q>>): Promise<unknown> | unknown;
}

/** Declares an operation with inference of body and query types. */
export function route<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType>(def: RouteDef<B, Q>): RouteDef {
  return def as unknown as RouteDef;
}

/** A handler's paginated answer. */
export type ListResult<T> = Page<T>;

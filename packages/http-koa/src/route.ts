import type { Context } from 'koa';
import type { z } from 'zod';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { Page, PageRequest, Principal } from '@slipway/core';

/** HTTP methods routes use. */
export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** What a handler receives: validated input, the caller and a per-request container. */
export interface RouteInput<B, Q> {
  params: Record<string, string>;
  body: B;
  query: Q;
  principal: Principal;
  page: PageRequest;
  resolve<T>(token: InjectionToken<T>): T;
  ctx: Context;
}

/** One API operation: how it is matched, validated, documented and handled. */
export interface RouteDef<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> {
  method: Method;
  /** koa-router path(s); extra entries are the seed's alternate spellings. */
  path: string | string[];
  summary: string;
  tag: string;
  body?: B;
  query?: Q;
  /** Response body schema (for a list: the item schema). */
  response: z.ZodType;
  /** Success status (200 unless stated). */
  status?: number;
  /** Paginated list: the handler returns a Page and the sort fields the Range header may name. */
  list?: readonly string[];
  /** Served without a token. */
  public?: boolean;
  handler(input: RouteInput<z.infer<B>, z.infer<Q>>): Promise<unknown> | unknown;
}

/** Declares a route with inference of body and query types. */
export function route<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType>(def: RouteDef<B, Q>): RouteDef {
  return def as unknown as RouteDef;
}

/** A handler's paginated answer. */
export type ListResult<T> = Page<T>;

/** The per-request DI container stored on ctx.state. */
export type RequestContainer = DependencyContainer;

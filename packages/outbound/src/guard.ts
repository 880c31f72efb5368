import { AddressPolicy } from '@slipway/core';
import { systemResolver, type Resolver } from './guarded-lookup.js';

/** What every guarded connect path takes: the policy (or the switches to build one) and an optional resolver. */
export interface GuardOptions {
  /** The address policy; built from `allowPrivate` and `allow` when absent. */
  policy?: AddressPolicy;
  /** Lifts every refusal (tests, private installs); ignored when `policy` is given. Default false. */
  allowPrivate?: boolean;
  /** Operator allow-list CIDRs; ignored when `policy` is given. */
  allow?: readonly string[];
  /** Name resolution; node's `dns.lookup` by default. */
  resolve?: Resolver;
}

/** A resolved guard: the policy and resolver every connection of one client uses. */
export interface Guard {
  policy: AddressPolicy;
  resolve: Resolver;
}

/** Builds the guard of a client from its options. */
export function toGuard(options: GuardOptions = {}): Guard {
  const allow = options.allow ?? [];
  return {
    policy: options.policy ?? new AddressPolicy({ allowPrivate: options.allowPrivate ?? false, allow }),
    resolve: options.resolve ?? systemResolver,
  };
}

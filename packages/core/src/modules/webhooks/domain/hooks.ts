import { createHmac } from 'node:crypto';
import { ValidationError } from '../../../errors.js';
import { AddressPolicy, isLocalhostName } from '../../../kernel/address-policy.js';

/** An app's webhook subscription. */
export interface Hook {
  id: string;
  app_id: string;
  url: string;
  events: string[];
  active: boolean;
  secret: string;
  created_at: Date;
  updated_at: Date;
}

/** The request half of one delivery attempt, as the results endpoints show it. */
export interface HookAttemptRequest {
  method: 'post';
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** One delivery attempt: what was sent, what came back, and how it ended. */
export interface HookAttempt {
  request: HookAttemptRequest;
  response: { code: number | null; headers: Record<string, string> } | null;
  status: 'succeeded' | 'failed';
  /** Why it failed when there is no HTTP answer (timeout, refused address ...). */
  error?: string;
  updated_at: Date;
}

/** Delivery state: pending until an attempt succeeds, or until retries are exhausted. */
export type HookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event to deliver to one hook (a "result" in the API), written in the transaction of the change. */
export interface HookDelivery {
  id: string;
  hook_id: string;
  app_id: string;
  event: string;
  /** Where it goes: the hook's URL when the event happened. */
  url: string;
  /** The headers sent, signature included, computed when the event happened (the secret is not copied). */
  headers: Record<string, string>;
  /** The exact bytes sent (and signed) on every attempt. */
  body: string;
  status: HookDeliveryStatus;
  num_attempts: number;
  last_attempt: HookAttempt | null;
  created_at: Date;
  updated_at: Date;
}

/** The `x-appkit-signature` header value: HMAC-SHA1 of the exact body bytes with the hook secret. */
export function signBody(body: string, secret: string): string {
  return `sha1=${createHmac('sha1', secret).update(body, 'utf8').digest('hex')}`;
}

/** The headers every delivery carries. */
export function deliveryHeaders(event: string, deliveryId: string, body: string, secret: string): Record<string, string> {
  return {
    'x-appkit-event': event,
    'x-appkit-delivery': deliveryId,
    'content-type': 'application/json',
    'user-agent': 'appkit-hookshot',
    'x-appkit-signature': signBody(body, secret),
  };
}

/**
 * Whether an IP address is one hooks must not reach by default: loopback, private (RFC 1918, CGNAT,
 * IPv6 unique-local), link-local (incl. cloud metadata endpoints), unspecified, multicast or reserved, in any
 * spelling (IPv4-mapped/-compatible IPv6, NAT64, 6to4, inet_aton forms). Host names are not addresses: false.
 */
export function isRestrictedAddress(address: string): boolean {
  const verdict = new AddressPolicy().checkHost(address);
  return verdict !== null && !verdict.allowed && !isLocalhostName(address);
}

/** Checks a hook URL: absolute http(s), no credentials, and (unless allowed) no literal restricted address. */
export function validateHookUrl(raw: string, policy: AddressPolicy | boolean): string {
  return (typeof policy === 'boolean' ? new AddressPolicy({ allowPrivate: policy }) : policy).checkUrl(raw, 'url').toString();
}

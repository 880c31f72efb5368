import { createHmac } from 'node:crypto';
import { ValidationError } from '../../../errors.js';

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

/** Parses an IPv4 dotted quad into its four octets, or null. */
function ipv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const o = m.slice(1).map(Number);
  return o.every((n) => n <= 255) ? o : null;
}

/**
 * Whether an IP address is one hooks must not reach by default: loopback, private (RFC 1918, CGNAT,
 * IPv6 unique-local), link-local (incl. cloud metadata endpoints), unspecified, multicast or reserved.
 */
export function isRestrictedAddress(address: string): boolean {
  let a = address.trim().toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1]!;
  const v4 = ipv4(a);
  if (v4) {
    const [x, y] = v4 as [number, number, number, number];
    return (
      x === 0 || x === 10 || x === 127 || (x === 100 && y >= 64 && y <= 127) || (x === 169 && y === 254) ||
      (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 192 && y === 0) || (x === 198 && (y === 18 || y === 19)) || x >= 224
    );
  }
  if (a.includes(':')) {
    return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || /^ff/.test(a) || a.startsWith('64:ff9b:') || a.startsWith('2001:db8');
  }
  return false;
}

/** Checks a hook URL: absolute http(s), no credentials, and (unless allowed) no literal restricted address. */
export function validateHookUrl(raw: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('url must be an absolute http(s) URL', 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError('url must use http or https', 'url');
  if (url.username || url.password) throw new ValidationError('url must not carry credentials; use the hook secret', 'url');
  const host = url.hostname.toLowerCase();
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || isRestrictedAddress(host))) {
    throw new ValidationError('url points at a loopback, link-local or private address, which this installation refuses', 'url');
  }
  return url.toString();
}

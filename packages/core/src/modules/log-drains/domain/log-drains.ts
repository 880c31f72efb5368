import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../../errors.js';
import { isRestrictedAddress } from '../../webhooks/domain/hooks.js';
import { parseDrainUrl, type DrainUrlRules } from '../drain-url.js';

/** A log drain of an app: where its dyno output and platform lines are forwarded. */
export interface LogDrain {
  id: string;
  app_id: string;
  /** The URL as given (it may carry HTTPS Basic credentials: show `redacted` instead). */
  url: string;
  /** The URL with secrets masked, for responses, events and logs. */
  redacted: string;
  /** Heroku style `d.<uuid>`; HTTPS drains send it as `Logplex-Drain-Token`. */
  token: string;
  created_at: Date;
  updated_at: Date;
}

/** Operator switches of the drain URL checks at creation. */
export interface LogDrainUrlPolicy extends DrainUrlRules {
  /** Accept drains whose host is a loopback, private or link-local literal (tests, private installs). */
  allowPrivate?: boolean;
}

/**
 * Checks a drain URL when it is added: the accepted forms of `parseDrainUrl`, and no literal loopback, private,
 * link-local or metadata address unless allowed. Names are checked again at connect time by the transport's lookup.
 */
export function validateLogDrainUrl(raw: string, policy: LogDrainUrlPolicy = {}): { url: string; redacted: string } {
  const parsed = parseDrainUrl(raw, policy);
  const host = unmapped(parsed.host);
  if (!policy.allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || isRestrictedAddress(host))) {
    throw new ValidationError('url points at a loopback, link-local or private address, which this installation refuses', 'url');
  }
  return { url: raw.trim(), redacted: parsed.redacted };
}

/**
 * The dotted IPv4 address behind an IPv4-mapped IPv6 literal in the hex form the WHATWG URL parser normalises it
 * to (`[::ffff:192.168.1.1]` becomes `::ffff:c0a8:101`), which the address check would otherwise miss.
 */
function unmapped(host: string): string {
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!m) return host;
  const hi = parseInt(m[1]!, 16);
  const lo = parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** A fresh drain token. */
export function newDrainToken(): string {
  return `d.${randomUUID()}`;
}

/** The process type a dyno name starts with (`web.k2x9f` is `web`). */
export function processTypeOf(dyno: string): string {
  const dot = dyno.indexOf('.');
  return dot > 0 ? dyno.slice(0, dot) : dyno;
}

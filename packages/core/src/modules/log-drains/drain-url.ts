import { ValidationError } from '../../errors.js';

/** How a drain URL is delivered to: syslog over TCP, TLS or UDP, or batched HTTP(S) POSTs. */
export type DrainProtocol = 'syslog-tcp' | 'syslog-tls' | 'syslog-udp' | 'https' | 'http';

/** A checked drain URL, split into what a transport needs. */
export interface DrainUrl {
  protocol: DrainProtocol;
  /** Lowercase host name or IP literal (IPv6 without brackets). */
  host: string;
  port: number;
  /** HTTP(S) only: path and query to POST to (`/` at least); empty for syslog. */
  path: string;
  /** HTTPS only: Basic auth user from the URL's userinfo, percent-decoded. */
  username?: string;
  /** HTTPS only: Basic auth password, percent-decoded. A secret: never log it, show `redacted` instead. */
  password?: string;
  /** The URL with the password and query values masked, safe for logs, errors and API responses. */
  redacted: string;
}

/** Operator switches of the drain URL rules. */
export interface DrainUrlRules {
  /** Accept plain `http://` drains (private installs, tests). Default false: log lines leave in clear text. */
  allowHttp?: boolean;
}

const MAX_URL_LENGTH = 2048;
const SCHEMES: Record<string, DrainProtocol> = {
  'syslog:': 'syslog-tcp',
  'syslog+tls:': 'syslog-tls',
  'syslog+udp:': 'syslog-udp',
  'https:': 'https',
  'http:': 'http',
};
// DNS names (underscores allowed: some log services use them) and IPv4 literals; IPv6 comes bracketed.
const HOST_NAME = /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;

function invalid(why: string): never {
  throw new ValidationError(`url ${why}`, 'url');
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    invalid('has malformed percent-encoding in its credentials');
  }
}

function redact(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  for (const key of [...new Set(copy.searchParams.keys())]) copy.searchParams.set(key, '***');
  return copy.href;
}

/**
 * Checks a log drain URL and splits it. Accepted: `syslog://host:port` (TCP), `syslog+tls://host:port`,
 * `syslog+udp://host:port`, `https://[user:password@]host[:port]/path?query` and, only when `rules.allowHttp`,
 * `http://host[:port]/path` without credentials. Syslog URLs need an explicit port and carry nothing else (no
 * userinfo, path, query). No URL has a fragment. Anything else raises ValidationError on field `url`. Address
 * policy (private, loopback, metadata addresses) is not checked here: transports check it at connect time.
 */
export function parseDrainUrl(raw: string, rules: DrainUrlRules = {}): DrainUrl {
  if (typeof raw !== 'string' || raw.trim() === '') invalid('is required');
  if (raw.length > MAX_URL_LENGTH) invalid(`must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    invalid('must be an absolute URL such as syslog+tls://logs.example.com:6514 or https://logs.example.com/drain');
  }
  const protocol = SCHEMES[url.protocol.toLowerCase()];
  if (!protocol) invalid('must use syslog://, syslog+tls://, syslog+udp:// or https://');
  if (protocol === 'http' && !rules.allowHttp) invalid('must use https:// (plain http:// drains are disabled here)');
  const bracketed = url.hostname.startsWith('[');
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (!bracketed && !HOST_NAME.test(host)) invalid('must name a valid host');
  if (url.hash) invalid('must not have a fragment');
  const syslog = protocol.startsWith('syslog-');
  if (syslog) {
    if (!url.port) invalid('must name a port for syslog drains, e.g. syslog+tls://logs.example.com:6514');
    if (url.username || url.password) invalid('must not carry credentials for syslog drains');
    if ((url.pathname && url.pathname !== '/') || url.search) invalid('must be just scheme, host and port for syslog drains');
  } else if (protocol === 'http' && (url.username || url.password)) {
    invalid('must not carry credentials over plain http://');
  }
  const port = url.port ? Number(url.port) : protocol === 'https' ? 443 : 80;
  if (!Number.isInteger(port) || port < 1 || port > 65535) invalid('must have a port between 1 and 65535');
  const parsed: DrainUrl = { protocol, host, port, path: syslog ? '' : `${url.pathname || '/'}${url.search}`, redacted: redact(url) };
  if (url.username) parsed.username = decoded(url.username);
  if (url.password) parsed.password = decoded(url.password);
  return parsed;
}

/** The drain URL with its password and query values masked; unparsable input comes back as `(invalid url)`. */
export function redactDrainUrl(raw: string): string {
  try {
    return redact(new URL(raw));
  } catch {
    return '(invalid url)';
  }
}

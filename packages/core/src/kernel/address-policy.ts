import ipaddr from 'ipaddr.js';
import { ValidationError } from '../errors.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Options of an `AddressPolicy`. */
export interface AddressPolicyOptions {
  /** Lifts every refusal: loopback, private, link-local ... are then reachable (tests, private installs). Default false. */
  allowPrivate?: boolean;
  /**
   * Operator allow-list: CIDRs (`10.1.2.0/24`, `fd12::/64`) or single addresses that are reachable even though
   * their range is refused. Matched against the address as connected, after IPv4-mapped IPv6 is unwrapped.
   */
  allow?: readonly string[];
}

/** The policy's answer for one address: allowed, or refused with the range that refused it. */
export type AddressVerdict =
  | { allowed: true; address: string }
  | { allowed: false; address: string; reason: string };

/** Options of `AddressPolicy.checkUrl`. */
export interface CheckUrlOptions {
  /** URL schemes accepted, with their colon; default `['http:', 'https:']`. */
  schemes?: readonly string[];
}

/** IPv6 ranges that wrap an IPv4 address the packet really goes to: the wrapped address decides. */
const WRAPPED_V6: Record<string, (a: ipaddr.IPv6) => ipaddr.IPv4 | null> = {
  // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052) carries the IPv4 address in its last 32 bits. The local-use
  // 64:ff9b:1::/48 (RFC 8215) may use any RFC 6052 layout, so what it reaches cannot be told: it stays refused.
  rfc6052: (a) => (a.parts[2] === 0 && a.parts[3] === 0 && a.parts[4] === 0 && a.parts[5] === 0 ? v4FromWords(a.parts[6]!, a.parts[7]!) : null),
  // 6to4 2002::/16 (RFC 3056): the relay forwards to the IPv4 address in bits 16..47.
  '6to4': (a) => v4FromWords(a.parts[1]!, a.parts[2]!),
};

function v4FromWords(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * Parses an IP address in any spelling a resolver or socket accepts: bracketed IPv6, zone ids, IPv4-mapped and
 * -compatible IPv6, and inet_aton IPv4 forms (decimal `2130706433`, octal `0177.0.0.1`, hex `0x7f.1`, short `127.1`).
 * Returns null for anything that is not an address (a host name).
 */
function parseAddress(raw: string): Address | null {
  let text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (text.includes(':')) {
    // ipaddr.js reads `::127.0.0.1` as IPv4-mapped; WHATWG URL writes every IPv6 spelling in canonical hex
    // first, as sockets read it. The zone id only picks an interface, never the range: it is dropped.
    const bare = text.replace(/%.*$/, '');
    try {
      const host = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
      return ipaddr.IPv6.isValid(host) ? ipaddr.IPv6.parse(host) : null;
    } catch {
      return null;
    }
  }
  if (ipaddr.IPv4.isValid(text)) return ipaddr.IPv4.parse(text);
  // A trailing dot, percent-escapes or full-width digits still make an address for WHATWG URL (and so for fetch).
  if (text && !/[/\\?#@\s]/.test(text)) {
    try {
      const host = new URL(`http://${text}/`).hostname;
      if (ipaddr.IPv4.isValidFourPartDecimal(host)) return ipaddr.IPv4.parse(host);
    } catch {
      // not a URL host at all: not an address either
    }
  }
  return null;
}

/** Whether an IPv6 address is IPv4-compatible (`::a.b.c.d`, deprecated by RFC 4291): never a real destination. */
function isV4Compatible(a: ipaddr.IPv6): boolean {
  return a.parts.slice(0, 6).every((p) => p === 0) && (a.parts[6] !== 0 || a.parts[7]! > 1);
}

/** Host names that mean "this machine" without DNS (RFC 6761): refused like loopback. */
export function isLocalhostName(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/\.+$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * The one outbound address policy: which destinations calls made on a user's behalf (webhooks, build sources,
 * log drains, source archives) may reach. Only globally routable unicast is allowed, in every spelling of an
 * address; `allowPrivate` and an operator allow-list lift it. Pure: connect-time enforcement lives in `@slipway/outbound`.
 */
export class AddressPolicy {
  /** Whether every refusal is lifted. */
  readonly allowPrivate: boolean;
  private readonly allowList: ReadonlyArray<[Address, number]>;

  constructor(options: AddressPolicyOptions = {}) {
    this.allowPrivate = options.allowPrivate ?? false;
    this.allowList = (options.allow ?? []).map((cidr) => {
      try {
        if (cidr.includes('/')) return ipaddr.parseCIDR(cidr);
        const one = ipaddr.parse(cidr);
        return [one, one.kind() === 'ipv4' ? 32 : 128] as [Address, number];
      } catch {
        throw new ValidationError(`allow-list entry "${cidr}" is not a CIDR or an IP address`, 'allow');
      }
    });
  }

  /** Whether `ip` (an IP address in any spelling) may be connected to; anything that is not an address is refused. */
  isAllowed(ip: string): boolean {
    return this.check(ip).allowed;
  }

  /** The verdict for one IP address, with the refusing range (`loopback`, `private`, `ipv4Compatible` ...). */
  check(ip: string): AddressVerdict {
    const parsed = parseAddress(ip);
    if (!parsed) return { allowed: false, address: ip, reason: 'not an IP address' };
    // IPv4-compatible is tested before process(), which would unwrap `::127.0.0.1` into plain IPv4.
    if (parsed.kind() === 'ipv6' && isV4Compatible(parsed as ipaddr.IPv6)) {
      return this.verdict(parsed, 'ipv4Compatible');
    }
    // What ipaddr.process() does: IPv4-mapped IPv6 (::ffff:a.b.c.d in any spelling) is unwrapped, as a dual-stack
    // socket connects to the IPv4 address.
    const address = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
    const range = address.range();
    if (range === 'unicast') return this.verdict(address, null);
    const unwrap = address.kind() === 'ipv6' ? WRAPPED_V6[range] : undefined;
    const inner = unwrap?.(address as ipaddr.IPv6);
    if (inner) {
      const innerVerdict = this.check(inner.toString());
      if (innerVerdict.allowed || this.allowed(address)) return { allowed: true, address: address.toString() };
      return { allowed: false, address: address.toString(), reason: `${range} wrapping ${innerVerdict.reason}` };
    }
    return this.verdict(address, range);
  }

  /** Whether a URL host (a name or an address literal) is refused before any lookup; names pass to the connect-time check. */
  checkHost(host: string): AddressVerdict | null {
    if (isLocalhostName(host)) {
      return this.allowPrivate ? { allowed: true, address: host } : { allowed: false, address: host, reason: 'localhost name' };
    }
    return parseAddress(host) ? this.check(host) : null;
  }

  /**
   * Checks a URL given on a user's behalf: absolute, one of the allowed schemes (http/https by default), no
   * credentials, and no refused literal address or localhost name. Returns the parsed URL; throws a
   * ValidationError naming `field` otherwise. Host names are checked again when connecting.
   */
  checkUrl(raw: string, field = 'url', options: CheckUrlOptions = {}): URL {
    const schemes = options.schemes ?? ['http:', 'https:'];
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ValidationError(`${field} must be an absolute ${schemes.map((s) => s.replace(/:$/, '')).join('/')} URL`, field);
    }
    if (!schemes.includes(url.protocol)) {
      throw new ValidationError(`${field} must use ${schemes.map((s) => s.replace(/:$/, '')).join(' or ')}`, field);
    }
    if (url.username || url.password) throw new ValidationError(`${field} must not carry credentials`, field);
    const verdict = url.hostname ? this.checkHost(url.hostname) : null;
    if (verdict && !verdict.allowed) {
      throw new ValidationError(`${field} points at a ${verdict.reason} address, which this installation refuses`, field);
    }
    return url;
  }

  private allowed(address: Address): boolean {
    return this.allowList.some(([net, bits]) => net.kind() === address.kind() && (address as ipaddr.IPv4).match(net as ipaddr.IPv4, bits));
  }

  private verdict(address: Address, refusedRange: string | null): AddressVerdict {
    const shown = address.toString();
    if (refusedRange === null || this.allowPrivate || this.allowed(address)) return { allowed: true, address: shown };
    return { allowed: false, address: shown, reason: refusedRange };
  }
}

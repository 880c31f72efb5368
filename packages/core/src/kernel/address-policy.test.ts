import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { AddressPolicy, isLocalhostName } from './address-policy.js';
import { isRestrictedAddress, validateHookUrl } from '../modules/webhooks/domain/hooks.js';

const strict = new AddressPolicy();

/** Every spelling a resolver, a socket or WHATWG URL turns into a destination this policy must refuse. */
const refused: Array<[string, string]> = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['2130706433', 'loopback (decimal)'],
  ['0x7f000001', 'loopback (hex integer)'],
  ['017700000001', 'loopback (octal integer)'],
  ['0177.0.0.1', 'loopback (octal quad)'],
  ['0x7f.1', 'loopback (hex, short)'],
  ['127.1', 'loopback (short)'],
  ['127.0.0.1.', 'loopback (trailing dot, as WHATWG reads it)'],
  ['[127.0.0.1]', 'bracketed'],
  ['::1', 'IPv6 loopback'],
  ['[::1]', 'bracketed IPv6 loopback'],
  ['0:0:0:0:0:0:0:1', 'IPv6 loopback, long form'],
  ['0.0.0.0', 'unspecified'],
  ['0', 'unspecified (integer)'],
  ['0.1.2.3', 'this network'],
  ['::', 'IPv6 unspecified'],
  ['10.0.0.1', 'RFC 1918'],
  ['172.16.5.4', 'RFC 1918'],
  ['172.31.255.255', 'RFC 1918'],
  ['192.168.1.1', 'RFC 1918'],
  ['0xc0.0xa8.1.1', 'RFC 1918, hex quad'],
  ['3232235777', 'RFC 1918, decimal'],
  ['100.64.0.1', 'CGNAT'],
  ['100.127.255.255', 'CGNAT'],
  ['169.254.169.254', 'metadata'],
  ['169.254.0.1', 'link-local'],
  ['fe80::1', 'IPv6 link-local'],
  ['fe80::1%eth0', 'IPv6 link-local with zone'],
  ['febf::1', 'IPv6 link-local, top of fe80::/10'],
  ['fd00:ec2::254', 'metadata (IPv6)'],
  ['fc00::1', 'unique-local'],
  ['fdff:ffff::1', 'unique-local'],
  ['fec0::1', 'site-local (deprecated)'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'IPv6 multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['2001:db8::1', 'IPv6 documentation'],
  ['100::1', 'IPv6 discard'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['[::ffff:7f00:1]', 'IPv4-mapped loopback, as WHATWG writes it'],
  ['0:0:0:0:0:ffff:7f00:1', 'IPv4-mapped loopback, long'],
  ['0000:0000:0000:0000:0000:FFFF:127.0.0.1', 'IPv4-mapped loopback, zero-padded upper case'],
  ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['::ffff:0:127.0.0.1', 'SIIT (RFC 6145) loopback'],
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::7f00:1', 'IPv4-compatible loopback, hex'],
  ['::8.8.8.8', 'IPv4-compatible (deprecated, never a destination)'],
  ['::a9fe:a9fe', 'IPv4-compatible metadata'],
  ['64:ff9b::127.0.0.1', 'NAT64 loopback'],
  ['64:ff9b::7f00:1', 'NAT64 loopback, hex'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 metadata'],
  ['64:ff9b::192.168.0.1', 'NAT64 private'],
  ['64:ff9b:1::7f00:1', 'local-use NAT64'],
  ['64:ff9b:1:2:3:4:808:808', 'local-use NAT64 (layout unknown)'],
  ['2002:7f00:1::', '6to4 loopback'],
  ['2002:a9fe:a9fe::1', '6to4 metadata'],
  ['2002:c0a8:101::', '6to4 private'],
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo'],
  ['2001:0::1', 'Teredo'],
  ['not-an-ip', 'a name is not an address'],
];

/** Globally routable unicast, also when wrapped in a form that reaches it. */
const allowed = ['8.8.8.8', '1.1.1.1', '93.184.215.14', '2606:4700:4700::1111', '[2606:4700:4700::1111]', '::ffff:8.8.8.8', '64:ff9b::808:808', '64:ff9b::8.8.8.8', '2002:808:808::1', '134744072'];

describe('AddressPolicy', () => {
  it.each(refused)('refuses %s (%s)', (ip) => {
    expect(strict.isAllowed(ip)).toBe(false);
    expect(strict.check(ip).allowed).toBe(false);
  });

  it.each(allowed)('allows public unicast %s', (ip) => {
    expect(strict.isAllowed(ip)).toBe(true);
  });

  it('names the refusing range', () => {
    expect(strict.check('2130706433')).toEqual({ allowed: false, address: '127.0.0.1', reason: 'loopback' });
    expect(strict.check('::ffff:169.254.169.254')).toMatchObject({ allowed: false, reason: 'linkLocal' });
    expect(strict.check('::127.0.0.1')).toMatchObject({ allowed: false, reason: 'ipv4Compatible' });
    expect(strict.check('64:ff9b::7f00:1')).toMatchObject({ allowed: false, reason: 'rfc6052 wrapping loopback' });
  });

  it('lifts every refusal with allowPrivate', () => {
    const open = new AddressPolicy({ allowPrivate: true });
    for (const [ip, why] of refused) if (why !== 'a name is not an address') expect(open.isAllowed(ip), ip).toBe(true);
    expect(open.isAllowed('not-an-ip')).toBe(false);
    expect(open.checkHost('localhost')).toMatchObject({ allowed: true });
  });

  it('allows operator allow-list CIDRs, matched after unwrapping', () => {
    const policy = new AddressPolicy({ allow: ['10.1.0.0/16', '127.0.0.2', 'fd12:3456::/32'] });
    expect(policy.isAllowed('10.1.2.3')).toBe(true);
    expect(policy.isAllowed('::ffff:10.1.2.3')).toBe(true);
    expect(policy.isAllowed('167838211')).toBe(true);
    expect(policy.isAllowed('64:ff9b::a01:203')).toBe(true);
    expect(policy.isAllowed('127.0.0.2')).toBe(true);
    expect(policy.isAllowed('fd12:3456::9')).toBe(true);
    expect(policy.isAllowed('10.2.0.1')).toBe(false);
    expect(policy.isAllowed('127.0.0.1')).toBe(false);
    expect(policy.isAllowed('fd12:3457::9')).toBe(false);
    expect(() => new AddressPolicy({ allow: ['10.0.0.0/99'] })).toThrow(ValidationError);
    expect(() => new AddressPolicy({ allow: ['intranet'] })).toThrow(/allow-list entry/);
  });

  it('treats localhost names as loopback and leaves other names to the connect-time check', () => {
    for (const name of ['localhost', 'LOCALHOST', 'localhost.', 'api.localhost', 'a.b.localhost.']) {
      expect(isLocalhostName(name)).toBe(true);
      expect(strict.checkHost(name)).toMatchObject({ allowed: false, reason: 'localhost name' });
    }
    expect(strict.checkHost('hooks.example.com')).toBeNull();
    expect(strict.checkHost('localhost.example.com')).toBeNull();
    expect(strict.checkHost('0x7f.0.0.1.nip.io')).toBeNull();
  });

  describe('checkUrl', () => {
    it.each([
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://0x7f.1/',
      'http://127.1/',
      'http://127.0.0.1./',
      'http://%31%32%37.0.0.1/',
      'http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/',
      'http://[::ffff:127.0.0.1]:8080/',
      'http://[::127.0.0.1]/',
      'http://[64:ff9b::127.0.0.1]/',
      'http://[2002:7f00:1::]/',
      'http://[fd00:ec2::254]/latest',
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0:9000/',
      'http://[::]/',
      'https://localhost/',
      'https://LocalHost./',
      'https://api.localhost:8443/',
    ])('refuses %s', (raw) => {
      expect(() => strict.checkUrl(raw, 'source_blob.url')).toThrow(ValidationError);
      try {
        strict.checkUrl(raw, 'source_blob.url');
      } catch (err) {
        expect((err as ValidationError).field).toBe('source_blob.url');
      }
    });

    it('requires an absolute URL of an allowed scheme, without credentials', () => {
      expect(() => strict.checkUrl('/relative', 'url')).toThrow(/absolute/);
      expect(() => strict.checkUrl('ftp://example.com/a', 'url')).toThrow(/must use http or https/);
      expect(() => strict.checkUrl('https://user:pw@example.com/', 'url')).toThrow(/credentials/);
      expect(() => strict.checkUrl('https://token@example.com/', 'url')).toThrow(/credentials/);
      expect(strict.checkUrl('wss://example.com/x', 'url', { schemes: ['wss:'] }).host).toBe('example.com');
      expect(strict.checkUrl('https://hooks.example.com/a?b=1', 'url').toString()).toBe('https://hooks.example.com/a?b=1');
      expect(new AddressPolicy({ allowPrivate: true }).checkUrl('http://127.0.0.1:5000/', 'url').port).toBe('5000');
    });
  });
});

describe('hooks delegate to the policy', () => {
  it('isRestrictedAddress refuses every spelling and passes names', () => {
    for (const [ip, why] of refused) if (why !== 'a name is not an address') expect(isRestrictedAddress(ip), ip).toBe(true);
    for (const ip of allowed) expect(isRestrictedAddress(ip), ip).toBe(false);
    expect(isRestrictedAddress('hooks.example.com')).toBe(false);
  });

  it('validateHookUrl refuses the mapped-loopback bypass and keeps allowPrivate', () => {
    expect(() => validateHookUrl('http://[::ffff:127.0.0.1]:8080/', false)).toThrow(ValidationError);
    expect(() => validateHookUrl('http://[::ffff:7f00:1]/', false)).toThrow(ValidationError);
    expect(validateHookUrl('http://[::ffff:127.0.0.1]:8080/', true)).toBe('http://[::ffff:7f00:1]:8080/');
    expect(validateHookUrl('https://hooks.example.com/x', false)).toBe('https://hooks.example.com/x');
    expect(() => validateHookUrl('https://u:p@hooks.example.com/x', true)).toThrow(/credentials/);
  });
});

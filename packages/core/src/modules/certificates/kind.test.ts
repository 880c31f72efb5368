import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { certificateKind, certificateNameCovers, certificateRequest, normalizeCertificateDomain } from './kind.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).field;
  }
  throw new Error('expected a ValidationError');
}

describe('certificate kind', () => {
  it('is wildcard when any name starts with *., multi_domain for several names, single for one', () => {
    expect(certificateKind(['www.example.com'])).toBe('single');
    expect(certificateKind(['example.com', 'www.example.com'])).toBe('multi_domain');
    expect(certificateKind(['example.com', '*.example.com'])).toBe('wildcard');
    expect(certificateKind(['*.example.com'])).toBe('wildcard');
  });
});

describe('certificate domain names', () => {
  it('lowercases, drops a trailing dot and turns Unicode into punycode', () => {
    expect(normalizeCertificateDomain(' WWW.Example.COM. ')).toBe('www.example.com');
    expect(normalizeCertificateDomain('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normalizeCertificateDomain('*.Apps.Example.com')).toBe('*.apps.example.com');
  });

  it.each([
    ['localhost', 'a single label'],
    ['-bad.example.com', 'a leading dash'],
    ['bad-.example.com', 'a trailing dash'],
    ['a..example.com', 'an empty label'],
    ['under_score.example.com', 'an underscore'],
    ['www.*.example.com', 'an inner wildcard'],
    ['*.com', 'a wildcard over one label'],
    ['**.example.com', 'a partial wildcard label'],
    ['10.0.0.1', 'an IP address'],
    [`${'a'.repeat(64)}.example.com`, 'a label over 63 characters'],
    [`${'abcdefghi.'.repeat(25)}example.com`, 'a name over 253 characters'],
    ['', 'an empty name'],
  ])('refuses %s (%s) naming the field', (name) => {
    expect(fieldOf(() => normalizeCertificateDomain(name))).toBe('domains');
  });
});

describe('certificateRequest', () => {
  it('puts the common name first, drops duplicates and derives the kind', () => {
    expect(certificateRequest({ domains: ['Example.com', 'www.example.com', 'example.com.'] })).toEqual({
      common_name: 'example.com',
      domains: ['example.com', 'www.example.com'],
      kind: 'multi_domain',
    });
    expect(certificateRequest({ common_name: 'www.example.com', domains: ['example.com'] })).toEqual({
      common_name: 'www.example.com',
      domains: ['www.example.com', 'example.com'],
      kind: 'multi_domain',
    });
    expect(certificateRequest({ domains: ['*.example.com', 'example.com'] }).kind).toBe('wildcard');
  });

  it('names the field at fault', () => {
    expect(fieldOf(() => certificateRequest({ domains: [] }))).toBe('domains');
    expect(fieldOf(() => certificateRequest({ domains: ['ok.example.com', 'not a name'] }))).toBe('domains');
    expect(fieldOf(() => certificateRequest({ common_name: 'bad_name.example.com', domains: ['ok.example.com'] }))).toBe('common_name');
    expect(fieldOf(() => certificateRequest({ domains: [`${'a'.repeat(60)}.example.com`] }))).toBe('common_name');
    expect(fieldOf(() => certificateRequest({ domains: Array.from({ length: 101 }, (_, i) => `n${i}.example.com`) }))).toBe('domains');
  });
});

describe('certificateNameCovers', () => {
  it('matches exact names and one label under a wildcard', () => {
    expect(certificateNameCovers('www.example.com', 'WWW.example.com')).toBe(true);
    expect(certificateNameCovers('*.example.com', 'a.example.com')).toBe(true);
    expect(certificateNameCovers('*.example.com', 'example.com')).toBe(false);
    expect(certificateNameCovers('*.example.com', 'a.b.example.com')).toBe(false);
  });
});

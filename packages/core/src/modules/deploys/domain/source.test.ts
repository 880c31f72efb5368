import { describe, expect, it } from 'vitest';
import { BadSourceError, isSha256Checksum, parseSourceUrl, redactUrl, requireProcessTypes } from './source.js';

describe('parseSourceUrl', () => {
  it('classifies docker, data and http(s) URLs', () => {
    expect(parseSourceUrl('docker://registry.example/app:1')).toEqual({ kind: 'image', image: 'registry.example/app:1' });
    expect(parseSourceUrl('data:base64,AAAA').kind).toBe('data');
    expect(parseSourceUrl('https://example.invalid/a.tgz').kind).toBe('remote');
    expect(() => parseSourceUrl('ftp://example.invalid/a.tgz')).toThrow(BadSourceError);
    expect(() => parseSourceUrl('not a url')).toThrow(BadSourceError);
  });
  it('redacts credentials and query strings', () => {
    expect(redactUrl(new URL('https://u:p@example.invalid/a.tgz?X-Sig=secret'))).toBe('https://example.invalid/a.tgz');
  });
});

describe('checksums and process types', () => {
  it('accepts only sha256:<64 hex>', () => {
    expect(isSha256Checksum(`sha256:${'A'.repeat(64)}`)).toBe(true);
    expect(isSha256Checksum('sha256:abc')).toBe(false);
    expect(isSha256Checksum(`md5:${'a'.repeat(64)}`)).toBe(false);
  });
  it('reports formation types the Procfile lacks', () => {
    expect(() => requireProcessTypes({ web: 'x' }, ['web', 'worker'])).toThrow(/no process type "worker"/);
    expect(() => requireProcessTypes({}, ['web'])).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../errors.js';
import { appHost, assertDomain, normalizeDomain, normalizePath } from './sites.js';

describe('site rules', () => {
  it('normalizes domains and accepts host names only', () => {
    expect(normalizeDomain(' WWW.Example.com. ')).toBe('www.example.com');
    for (const ok of ['a.b', 'merpderp.akkeris.io', 'x-1.y', 'localhost']) expect(() => assertDomain(ok)).not.toThrow();
    for (const bad of ['a_b.c', 'a..b', '-a.b', 'a-.b', 'a b', '', `${'a'.repeat(64)}.b`]) {
      expect(() => assertDomain(bad), bad).toThrow(ValidationError);
    }
  });

  it('stores paths with a leading slash and no trailing one, and refuses traversal and odd characters', () => {
    expect(normalizePath('/', 'source_path')).toBe('/');
    expect(normalizePath('', 'target_path')).toBe('/');
    expect(normalizePath('/api/', 'source_path')).toBe('/api');
    expect(normalizePath('/a/b.c_d-e', 'source_path')).toBe('/a/b.c_d-e');
    for (const bad of ['api', '/a b', '/a//b', '/../x', '/a?b', '/a%2f']) {
      expect(() => normalizePath(bad, 'source_path'), bad).toThrow(expect.objectContaining({ field: 'source_path' }));
    }
  });

  it('names an app default host from its key and the apps domain', () => {
    expect(appHost('events-dev', 'Apps.Localhost')).toBe('events-dev.apps.localhost');
  });
});

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { assertStorableStrings, unstorableReason } from './storable-strings.js';

describe('storable strings', () => {
  it('accepts ordinary text, emoji (paired surrogates) and nested values', () => {
    expect(unstorableReason('héllo 🚀')).toBeNull();
    expect(() => assertStorableStrings({ a: ['x', { b: '🚀' }], n: 1, z: null })).not.toThrow();
  });
  it('names the field of a NUL byte or a lone surrogate, keys included', () => {
    const field = (v: unknown) => {
      try {
        assertStorableStrings(v);
      } catch (err) {
        expect(err).toBeInstanceOf(ValidationError);
        return (err as ValidationError).field;
      }
      return null;
    };
    expect(field({ name: 'a\u0000b' })).toBe('name');
    expect(field({ config: { FOO: '\ud800' } })).toBe('config.FOO');
    expect(field({ events: ['ok', 'x\udfff'] })).toBe('events.1');
    expect(field({ config: { 'K\u0000': 'v' } })).toBe('config');
    expect(field('\u0000')).toBe('body');
  });
});

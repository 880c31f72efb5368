import { describe, expect, it } from 'vitest';
import { tokenOf } from './auth.js';

describe('tokenOf', () => {
  it('reads bearer and bare tokens and ignores empty headers', () => {
    expect(tokenOf('Bearer abc')).toBe('abc');
    expect(tokenOf('bearer   abc ')).toBe('abc');
    expect(tokenOf('abc')).toBe('abc');
    expect(tokenOf('')).toBeNull();
    expect(tokenOf(undefined)).toBeNull();
    expect(tokenOf('Bearer ')).toBe('Bearer');
  });
});

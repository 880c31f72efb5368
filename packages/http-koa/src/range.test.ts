import { describe, expect, it } from 'vitest';
import { BadRequestError, MAX_PAGE } from '@slipway/core';
import { formatRange, parseRange } from './range.js';

describe('Range header', () => {
  it('defaults to everything up to the cap, sorted by the first field', () => {
    expect(parseRange(undefined, ['id', 'name'])).toEqual({ sort: 'id', exclusive: false, max: MAX_PAGE, order: 'asc' });
  });

  it('parses field, inclusive and exclusive starts, max and order', () => {
    expect(parseRange('id ..; max=200', ['id'])).toEqual({ sort: 'id', exclusive: false, max: 200, order: 'asc' });
    expect(parseRange('name ]beta..; max=10, order=desc', ['id', 'name'])).toEqual({ sort: 'name', start: 'beta', exclusive: true, max: 10, order: 'desc' });
    expect(parseRange('name alpha..', ['name'])).toMatchObject({ start: 'alpha', exclusive: false });
    expect(parseRange('id ..; max=999999', ['id']).max).toBe(MAX_PAGE);
  });

  it('round-trips what it formats', () => {
    const next = { sort: 'name', start: 'x1', exclusive: true, max: 5, order: 'desc' as const };
    expect(parseRange(formatRange(next), ['name'])).toEqual(next);
  });

  it('rejects unknown fields, bad max and garbage with a 400 naming range', () => {
    for (const bad of ['colour ..', 'id ..; max=0', 'id ..; max=abc', 'id ..; order=up', 'id ..; foo=1', 'nonsense']) {
      expect(() => parseRange(bad, ['id']), bad).toThrow(BadRequestError);
    }
    try {
      parseRange('colour ..', ['id']);
    } catch (e) {
      expect((e as BadRequestError).field).toBe('range');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError, DriverUnavailableError, NotFoundError, UnprocessableError } from '@slipway/core';
import { isUnreachable, nativeErrors } from './native-errors.js';

const answered = (status: number, message: string) => Object.assign(new Error(`HTTP ${status}`), { status, said: message });
const table = nativeErrors({
  engine: 'Test engine',
  status: (err) => (err as { status?: number }).status,
  message: (err) => (err as { said?: string }).said ?? (err as Error).message,
  statuses: {
    404: (m) => new NotFoundError(m),
    409: (m, err) => ((err as { said?: string }).said === 'taken' ? new ConflictError(m) : new BadRequestError(m)),
  },
});

describe('nativeErrors', () => {
  it('maps answered statuses through the table, with the engine\'s own words', () => {
    expect(table.toDomainError(answered(404, 'no such container'), 'inspecting')).toEqual(new NotFoundError('inspecting: no such container'));
    expect(table.toDomainError(answered(409, 'taken'), 'creating')).toBeInstanceOf(ConflictError);
    expect(table.toDomainError(answered(409, 'other'), 'creating')).toBeInstanceOf(BadRequestError);
    expect(table.toDomainError(answered(503, 'busy'), 'x')).toBeInstanceOf(DriverUnavailableError);
    expect(table.toDomainError(answered(422, 'bad'), 'x')).toBeInstanceOf(UnprocessableError);
  });

  it('reads socket failures (also as a fetch cause) as an unreachable engine, naming the code', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(table.toDomainError(refused, 'listing')).toEqual(new DriverUnavailableError('Test engine unreachable while listing (ECONNREFUSED)'));
    expect(isUnreachable(new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(true);
    expect(isUnreachable(new Error('no code'))).toBe(false);
    expect(table.toDomainError(new Error('weird'), 'x')).toBeInstanceOf(DriverUnavailableError);
  });

  it('passes platform errors through, and wraps calls', async () => {
    const own = new ConflictError('mine');
    expect(table.toDomainError(own, 'x')).toBe(own);
    await expect(table.call('reading', () => Promise.reject(answered(404, 'gone')))).rejects.toBeInstanceOf(NotFoundError);
    await expect(table.orNull('reading', () => Promise.reject(answered(404, 'gone')))).resolves.toBeNull();
    await expect(table.orNull('reading', async () => 7)).resolves.toBe(7);
    await expect(table.orNull('reading', () => Promise.reject(answered(500, 'oops')))).rejects.toBeInstanceOf(DriverUnavailableError);
  });
});

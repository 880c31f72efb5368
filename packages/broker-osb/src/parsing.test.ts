import {
  BadRequestError,
  ConcurrencyError,
  ConflictError,
  DriverUnavailableError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from './catalog.js';
import { osbBroker } from './osb-broker.js';
import { parseRetryAfter } from './retry-after.js';
import { isRetryable, toDomainError } from './to-domain-error.js';
import type { HttpAnswer } from './transport.js';

const http = (status: number, json: unknown = {}, malformed = false): HttpAnswer => ({
  kind: 'http',
  status,
  headers: new Headers(),
  json,
  malformed,
});
const ctx = { broker: 'pg', url: 'http://127.0.0.1:1/', action: 'provision' };

describe('parseCatalog', () => {
  const service = (plans: unknown[], extra: Record<string, unknown> = {}) => ({
    services: [{ id: 's1', name: 'db', description: 'd', bindable: true, plan_updateable: false, plans, ...extra }],
  });

  it('folds plan-level bindable and plan_updateable over the service defaults', () => {
    const parsed = parseCatalog(
      service([
        { id: 'p1', name: 'inherits', description: 'x' },
        { id: 'p2', name: 'overrides', description: 'x', bindable: false, plan_updateable: true, maximum_polling_duration: 30 },
      ]),
    );
    if (!('catalog' in parsed)) throw new Error(parsed.error);
    const [inherits, overrides] = parsed.catalog.services[0]!.plans;
    expect(inherits).toMatchObject({ bindable: true, plan_updateable: false, free: true, maximum_polling_duration: null });
    expect(overrides).toMatchObject({ bindable: false, plan_updateable: true, maximum_polling_duration: 30 });
  });

  it('keeps vendor fields out and rejects catalogs OSB forbids', () => {
    const ok = parseCatalog(service([{ id: 'p1', name: 'a', description: 'x', 'x-vendor': 1 }], { 'x-other': true }));
    expect('catalog' in ok).toBe(true);
    expect(parseCatalog(service([]))).toEqual({ error: expect.stringContaining('plans') });
    expect(parseCatalog({ services: [{ id: 's1', name: 'db' }] })).toHaveProperty('error');
    expect(parseCatalog(service([{ id: 's1', name: 'dup', description: 'x' }]))).toEqual({ error: 'id s1 appears twice' });
    expect(parseCatalog('nope')).toHaveProperty('error');
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP dates, ignores junk', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('toDomainError', () => {
  it('maps OSB 422 error codes to core errors', () => {
    expect(toDomainError(http(422, { error: 'ConcurrencyError' }), ctx)).toBeInstanceOf(ConcurrencyError);
    const mi = toDomainError(http(422, { error: 'MaintenanceInfoConflict', description: 'v2 now' }), ctx);
    expect(mi).toBeInstanceOf(ConflictError);
    expect(mi.field).toBe('maintenance_info');
    expect(mi.message).toContain('v2 now');
    expect(toDomainError(http(422, { error: 'AsyncRequired' }), ctx)).toBeInstanceOf(UnprocessableError);
    expect(toDomainError(http(422, { error: 'RequiresApp' }), ctx)).toBeInstanceOf(ValidationError);
  });

  it('keeps the broker description for user errors and hides platform misconfiguration', () => {
    const bad = toDomainError(http(400, { description: 'Unknown plan_id x.' }), ctx);
    expect(bad).toBeInstanceOf(BadRequestError);
    expect(bad.message).toBe('addon broker "pg" rejected provision as invalid: Unknown plan_id x.');
    expect(toDomainError(http(409), ctx)).toBeInstanceOf(ConflictError);
    expect(toDomainError(http(404), ctx)).toBeInstanceOf(NotFoundError);
    expect(toDomainError(http(401), ctx)).toBeInstanceOf(DriverUnavailableError);
    expect(toDomainError(http(412, { description: 'need 2.14' }), ctx).message).toContain('X-Broker-API-Version');
    expect(toDomainError(http(503), ctx)).toBeInstanceOf(DriverUnavailableError);
    expect(toDomainError(http(201, undefined, true), ctx).message).toContain('malformed');
    expect(toDomainError({ kind: 'unreachable', detail: 'ECONNREFUSED' }, ctx).message).toContain('unreachable');
  });

  it('calls only transient answers retryable', () => {
    expect([408, 429, 500, 503].map((s) => isRetryable(http(s)))).toEqual([true, true, true, true]);
    expect([400, 401, 409, 412, 422].map((s) => isRetryable(http(s)))).toEqual([false, false, false, false, false]);
    expect(isRetryable(http(422, { error: 'ConcurrencyError' }))).toBe(true);
    expect(isRetryable({ kind: 'timeout', detail: 'x' })).toBe(true);
  });
});

describe('osbBroker options', () => {
  it('validates at start-up and never echoes the bad value', () => {
    const err = (() => {
      try {
        osbBroker({ url: 'http://user:s3cret@127.0.0.1:1', username: 'u', password: 'p' });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(err?.field).toBe('url');
    expect(err?.message).not.toContain('s3cret');
    expect(() => osbBroker({ url: 'ftp://127.0.0.1', username: 'u', password: 'p' })).toThrow(ValidationError);
    expect(osbBroker({ url: 'http://127.0.0.1:1', username: 'u', password: 'p' }).name).toBe('osb');
  });
});

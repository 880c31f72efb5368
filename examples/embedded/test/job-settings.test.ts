import { describe, expect, it } from 'vitest';
import { fromEnv } from '../src/server.js';

describe('SLIPWAY_JOB_CONCURRENCY', () => {
  it('sets how many jobs a replica runs at once, and refuses anything but a positive integer by name', () => {
    expect(fromEnv({ SLIPWAY_JOB_CONCURRENCY: '4' }).jobConcurrency).toBe(4);
    expect(fromEnv({}).jobConcurrency).toBeUndefined();
    for (const bad of ['0', '-2', '1.5', 'many']) expect(() => fromEnv({ SLIPWAY_JOB_CONCURRENCY: bad })).toThrow(`SLIPWAY_JOB_CONCURRENCY must be a positive integer, got ${bad}`);
  });
});

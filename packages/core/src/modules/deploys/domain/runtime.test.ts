import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../errors.js';
import { composeEnv, formatLogLine, parseMemoryQuantity, validateDesiredState, type DesiredAppState } from './runtime.js';

describe('parseMemoryQuantity', () => {
  it('reads binary, decimal and plain quantities', () => {
    expect(parseMemoryQuantity('256Mi')).toBe(256 * 1024 * 1024);
    expect(parseMemoryQuantity('1Gi')).toBe(1024 ** 3);
    expect(parseMemoryQuantity('0.5Gi')).toBe(512 * 1024 * 1024);
    expect(parseMemoryQuantity('512M')).toBe(512_000_000);
    expect(parseMemoryQuantity('128974848')).toBe(128974848);
    expect(parseMemoryQuantity('1e9')).toBe(1_000_000_000);
  });
  it('rejects nonsense with the size field', () => {
    for (const bad of ['', 'lots', '-1Mi', '12Qi', '0']) {
      expect(() => parseMemoryQuantity(bad)).toThrow(ValidationError);
    }
  });
});

describe('composeEnv', () => {
  it('lets app config override addon config override space config, and drops PORT', () => {
    const env = composeEnv({
      space: { A: 'space', B: 'space', C: 'space', PORT: '1' },
      addons: { B: 'addon', C: 'addon' },
      app: { C: 'app' },
    });
    expect(env).toEqual({ A: 'space', B: 'addon', C: 'app' });
  });
});

describe('formatLogLine', () => {
  it('prefixes time and dyno', () => {
    expect(formatLogLine({ at: new Date('2024-01-02T03:04:05.000Z'), source: 'web.abc', text: 'hi' })).toBe(
      '2024-01-02T03:04:05.000Z app[web.abc]: hi',
    );
  });
});

describe('validateDesiredState', () => {
  const base = (): DesiredAppState => ({
    app: { id: 'a', name: 'a' },
    space: { id: 's', name: 's' },
    release: { id: 'r', version: 1 },
    image: 'img',
    env: { OK_VAR: '1' },
    processes: [{ type: 'web', quantity: 1, size: 'small', memory_bytes: 1024 ** 2, command: null, port: 5000, healthcheck: '/h' }],
  });
  it('accepts a sound state', () => {
    expect(() => validateDesiredState(base())).not.toThrow();
  });
  it('names the field at fault', () => {
    const cases: Array<[(s: DesiredAppState) => void, string]> = [
      [(s) => (s.processes[0].port = null), 'port'],
      [(s) => (s.processes[0].quantity = -1), 'quantity'],
      [(s) => (s.processes[0].healthcheck = 'health'), 'healthcheck'],
      [(s) => (s.processes[0].type = 'Web!'), 'type'],
      [(s) => s.processes.push({ ...s.processes[0] }), 'type'],
      [(s) => (s.env['1BAD'] = 'x'), 'env'],
      [(s) => (s.image = ''), 'image'],
    ];
    for (const [mutate, field] of cases) {
      const s = base();
      mutate(s);
      expect(() => validateDesiredState(s)).toThrow(expect.objectContaining({ field }));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { crashCodeOf } from './crash-code.js';

describe('crashCodeOf', () => {
  it('maps a container exit onto the seed crash codes', () => {
    expect(crashCodeOf({ exitCode: 137, oomKilled: true })).toBe('R14');
    // Out of memory wins over whatever the process' exit code says (a child was killed, the shell gave up).
    expect(crashCodeOf({ exitCode: 1, oomKilled: true })).toBe('R14');
    // The OOM killer's SIGKILL of a container the engine revives, whose mark the restart already cleared.
    expect(crashCodeOf({ exitCode: 137, oomKilled: false, revivedUnderMemoryLimit: true })).toBe('R14');
    expect(crashCodeOf({ exitCode: 137, oomKilled: false, revivedUnderMemoryLimit: false })).toBe('H10');
    expect(crashCodeOf({ exitCode: 1, oomKilled: false, revivedUnderMemoryLimit: true })).toBe('H10');
    expect(crashCodeOf({ exitCode: 127, oomKilled: false })).toBe('H9');
    expect(crashCodeOf({ exitCode: 126, oomKilled: false })).toBe('H9');
    expect(crashCodeOf({ exitCode: 128, oomKilled: false, startError: 'network slwt not found' })).toBe('H9');
    expect(crashCodeOf({ exitCode: 0, oomKilled: false })).toBe('H8');
    expect(crashCodeOf({ exitCode: 3, oomKilled: false })).toBe('H10');
    expect(crashCodeOf({ exitCode: 143, oomKilled: false })).toBe('H10');
    expect(crashCodeOf({ oomKilled: false })).toBe('H0');
    expect(crashCodeOf({ exitCode: Number.NaN, oomKilled: false })).toBe('H0');
  });
});

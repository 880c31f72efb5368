import { describe, expect, it } from 'vitest';
import { mapContainerState, type ContainerStateView } from './dyno-state.js';

const base: ContainerStateView = { Status: 'running', Running: true, Restarting: false, OOMKilled: false, Dead: false, ExitCode: 0, Error: '' };

describe('mapContainerState', () => {
  it('maps every Docker state onto the seed vocabulary', () => {
    expect(mapContainerState(base)).toEqual({ state: 'running', ready: true, additional_info: '' });
    expect(mapContainerState({ ...base, Health: { Status: 'healthy' } }).state).toBe('running');
    expect(mapContainerState({ ...base, Health: { Status: 'starting' } })).toMatchObject({ state: 'pending', ready: false });
    expect(
      mapContainerState({ ...base, Health: { Status: 'unhealthy', FailingStreak: 3, Log: [{ ExitCode: 1, Output: 'wget: server returned error: HTTP/1.0 500' }] } }),
    ).toEqual({ state: 'probe-failure', ready: false, additional_info: 'health check failed 3 times in a row: wget: server returned error: HTTP/1.0 500' });
    expect(mapContainerState({ ...base, Status: 'created', Running: false })).toMatchObject({ state: 'waiting', ready: false });
    expect(mapContainerState({ ...base, Status: 'restarting', Restarting: true, ExitCode: 3 }, 4)).toEqual({
      state: 'app-crashed',
      ready: false,
      additional_info: 'exited with code 3 (restarted 4 times)',
    });
    expect(mapContainerState({ ...base, Status: 'exited', Running: false, ExitCode: 137, OOMKilled: true }).additional_info).toContain('out of memory');
    expect(mapContainerState({ ...base, Status: 'restarting', Restarting: true, ExitCode: 127 })).toMatchObject({ state: 'start-failure' });
    expect(mapContainerState({ ...base, Status: 'created', Running: false, Error: 'OCI runtime create failed' })).toMatchObject({
      state: 'start-failure',
      additional_info: 'OCI runtime create failed',
    });
    expect(mapContainerState({ ...base, Status: 'exited', Running: false, ExitCode: 0 })).toMatchObject({ state: 'stopped' });
    expect(mapContainerState({ ...base, Status: 'removing' })).toMatchObject({ state: 'stopping', ready: false });
  });
});

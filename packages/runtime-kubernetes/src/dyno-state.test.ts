import { describe, expect, it } from 'vitest';
import { mapPodState } from './dyno-state.js';
import type { ContainerStatusView, PodView } from './pod-view.js';

const started = '2024-01-01T00:00:00Z';
const now = Date.parse(started) + 60_000;

function pod(status: ContainerStatusView | null, over: { ready?: boolean; phase?: string; deleting?: boolean; probe?: boolean; reason?: string } = {}): PodView {
  return {
    metadata: { name: 'app-web-abc-xyz', ...(over.deleting ? { deletionTimestamp: started } : {}) },
    spec: { containers: [{ ...(over.probe ? { readinessProbe: { periodSeconds: 1, failureThreshold: 3, httpGet: { path: '/health', port: 5000 } } } : {}) }] },
    status: {
      phase: over.phase ?? 'Running',
      ...(over.reason ? { reason: over.reason, message: 'The node was low on resource: memory.' } : {}),
      conditions: [{ type: 'Ready', status: over.ready ? 'True' : 'False' }],
      ...(status ? { containerStatuses: [{ name: 'app', ...status }] } : {}),
    },
  };
}

describe('mapPodState', () => {
  it('reads a ready running container as running', () => {
    expect(mapPodState(pod({ state: { running: { startedAt: started } } }, { ready: true }), now)).toEqual({ state: 'running', ready: true, additional_info: '' });
  });

  it('maps CrashLoopBackOff to app-crashed with the exit code, and an OOM kill to R14 in the info', () => {
    const crash = mapPodState(pod({ restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 3, reason: 'Error' } } }), now);
    expect(crash).toEqual({ state: 'app-crashed', ready: false, additional_info: 'exited with code 3 (restarted 4 times)' });
    const oom = mapPodState(pod({ restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }), now);
    expect(oom.state).toBe('app-crashed');
    expect(oom.additional_info).toContain('R14 memory quota exceeded');
  });

  it('maps image, config and exec failures to start-failure', () => {
    expect(mapPodState(pod({ state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' } } }, { phase: 'Pending' }), now)).toMatchObject({
      state: 'start-failure',
      additional_info: 'ImagePullBackOff: Back-off pulling image "x"',
    });
    expect(mapPodState(pod({ state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "s" not found' } } }), now).state).toBe('start-failure');
    const notFound = mapPodState(pod({ restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 127, reason: 'Error' } } }), now);
    expect(notFound).toMatchObject({ state: 'start-failure', additional_info: expect.stringContaining('command not found') });
  });

  it('tells a dyno still starting (pending) from one failing its health check (probe-failure)', () => {
    const running = { state: { running: { startedAt: started } } };
    expect(mapPodState(pod(running, { probe: true }), Date.parse(started) + 2000).state).toBe('pending');
    expect(mapPodState(pod(running, { probe: true }), now)).toMatchObject({ state: 'probe-failure', ready: false });
  });

  it('maps creation to waiting, deletion to stopping and an eviction to app-crashed', () => {
    expect(mapPodState(pod({ state: { waiting: { reason: 'ContainerCreating' } } }, { phase: 'Pending' }), now).state).toBe('waiting');
    expect(mapPodState(pod(null, { phase: 'Pending' }), now).state).toBe('waiting');
    expect(mapPodState(pod({ state: { running: { startedAt: started } } }, { ready: true, deleting: true }), now).state).toBe('stopping');
    expect(mapPodState(pod(null, { phase: 'Failed', reason: 'Evicted' }), now)).toMatchObject({ state: 'app-crashed', additional_info: expect.stringContaining('Evicted') });
  });
});

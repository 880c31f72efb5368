import { describe, expect, it } from 'vitest';
import { FRESH_MARK, codeOfTermination, detectBootTimeout, detectCrash, markOf } from './crash.js';
import type { ContainerStatusView, PodView } from './pod-view.js';

const pod = (status: ContainerStatusView, phase = 'Running', ready = false): PodView => ({
  spec: { containers: [{ readinessProbe: { tcpSocket: { port: 5000 } } }] },
  status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], containerStatuses: [{ name: 'app', ...status }] },
});
const terminated = (exitCode: number, reason: string, id = 'docker://1') => ({ exitCode, reason, finishedAt: '2024-01-01T00:00:05Z', containerID: id });

describe('crash codes', () => {
  it('maps terminations to the seed codes', () => {
    expect(codeOfTermination({ exitCode: 137, reason: 'OOMKilled' })).toBe('R14');
    expect(codeOfTermination({ exitCode: 127, reason: 'Error' })).toBe('H9');
    expect(codeOfTermination({ exitCode: 128, reason: 'StartError' })).toBe('H9');
    expect(codeOfTermination({ exitCode: 0, reason: 'Completed' })).toBe('H8');
    expect(codeOfTermination({ exitCode: 1, reason: 'Error' })).toBe('H10');
    expect(codeOfTermination({ exitCode: 255, reason: 'Unknown' })).toBe('H0');
  });

  it('reports a termination once, whether seen as the current state or, after the restart, as the last state', () => {
    const exited = pod({ restartCount: 0, state: { terminated: terminated(1, 'Error') } });
    const first = detectCrash(exited, FRESH_MARK);
    expect(first).toMatchObject({ code: 'H10', description: 'App crashed', restarts: 0 });
    const mark = markOf(exited);
    const restarted = pod({ restartCount: 1, state: { running: { startedAt: '2024-01-01T00:00:06Z' } }, lastState: { terminated: terminated(1, 'Error') } });
    expect(detectCrash(restarted, mark)).toBeNull();
    const again = pod({ restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: terminated(137, 'OOMKilled', 'docker://2') } });
    expect(detectCrash(again, markOf(restarted, mark))).toMatchObject({ code: 'R14', restarts: 1 });
  });

  it('reports start failures as H9, image and config failures as H99, and pod failures as H99', () => {
    expect(detectCrash(pod({ state: { waiting: { reason: 'RunContainerError' } } }), FRESH_MARK)?.code).toBe('H9');
    const pulling = pod({ state: { waiting: { reason: 'ErrImagePull' } } }, 'Pending');
    expect(detectCrash(pulling, FRESH_MARK)?.code).toBe('H99');
    // ErrImagePull -> ImagePullBackOff is the same failure, not a new one.
    expect(detectCrash(pod({ state: { waiting: { reason: 'ImagePullBackOff' } } }, 'Pending'), markOf(pulling))).toBeNull();
    expect(detectCrash({ status: { phase: 'Failed', reason: 'Evicted' } }, FRESH_MARK)?.code).toBe('H99');
  });

  it('reports H20 for a web dyno never ready within the boot timeout, once per start, and never for one that was ready', () => {
    const booting = pod({ restartCount: 0, state: { running: { startedAt: '2024-01-01T00:00:00Z' } } });
    const at = Date.parse('2024-01-01T00:01:01Z');
    const mark = { ...FRESH_MARK };
    expect(detectBootTimeout(booting, mark, 60_000, at)).toMatchObject({ code: 'H20', description: 'App boot timeout' });
    expect(detectBootTimeout(booting, mark, 60_000, at + 5000)).toBeNull();
    const wasReady = markOf(pod({ restartCount: 0, state: { running: { startedAt: '2024-01-01T00:00:00Z' } } }, 'Running', true));
    expect(detectBootTimeout(booting, wasReady, 60_000, at)).toBeNull();
    expect(detectBootTimeout(booting, { ...FRESH_MARK }, 60_000, Date.parse('2024-01-01T00:00:30Z'))).toBeNull();
  });
});

import type { DynoState } from '@slipway/core';
import { CONTAINER } from './names.js';
import { isReady, ms, type PodView, type TerminatedView } from './pod-view.js';

/** A dyno state with the API's `ready` flag and a human reason. */
export interface MappedState {
  state: DynoState;
  ready: boolean;
  additional_info: string;
}

/** Waiting reasons meaning the container could not be created or started at all. */
export const START_FAILURE_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'StartError',
  'ContainerCannotRun',
]);

/** Exit codes a shell uses for "command not found" (127) and "not executable" (126), plus runc's start failure (128). */
function failedToStart(t: TerminatedView): boolean {
  return t.exitCode === 126 || t.exitCode === 127 || t.reason === 'StartError' || t.reason === 'ContainerCannotRun';
}

function describeExit(t: TerminatedView, restarts: number): string {
  const oom = t.reason === 'OOMKilled' ? ', out of memory (R14 memory quota exceeded)' : '';
  const again = restarts > 0 ? ` (restarted ${restarts} times)` : '';
  return `exited with code ${t.exitCode ?? 'unknown'}${oom}${again}`;
}

function fromTermination(t: TerminatedView, restarts: number): MappedState {
  if (failedToStart(t)) {
    const what = t.exitCode === 127 ? 'command not found' : t.exitCode === 126 ? 'command not executable' : t.message || 'could not start';
    return { state: 'start-failure', ready: false, additional_info: `${what} (${describeExit(t, restarts)})` };
  }
  return { state: 'app-crashed', ready: false, additional_info: describeExit(t, restarts) };
}

/**
 * How long a running, not-ready container counts as still starting: the readiness probe's initial delay plus
 * enough periods to fail it `failureThreshold` times, plus slack for the kubelet's own rhythm.
 */
export function probeGraceMs(pod: PodView): number {
  const p = pod.spec?.containers?.[0]?.readinessProbe;
  if (!p) return 0;
  return ((p.initialDelaySeconds ?? 0) + (p.periodSeconds ?? 10) * ((p.failureThreshold ?? 3) + 1)) * 1000 + 2000;
}

/**
 * Maps a Pod to the API's dyno vocabulary. CrashLoopBackOff and exits are `app-crashed` (OOMKilled says R14 in
 * the info), image and config errors and exit codes 126/127 are `start-failure`, a running container failing its
 * readiness probe past the grace period is `probe-failure`, one still within it `pending`, an unstarted one
 * `waiting`, and a pod being deleted `stopping`.
 */
export function mapPodState(pod: PodView, now = Date.now()): MappedState {
  if (pod.metadata?.deletionTimestamp) return { state: 'stopping', ready: false, additional_info: 'shutting down' };
  const phase = pod.status?.phase;
  if (phase === 'Failed') {
    const why = [pod.status?.reason, pod.status?.message].filter(Boolean).join(': ') || 'pod failed';
    return { state: 'app-crashed', ready: false, additional_info: why };
  }
  if (phase === 'Succeeded') return { state: 'stopped', ready: false, additional_info: 'exited with code 0' };
  const c = pod.status?.containerStatuses?.find((s) => s.name === CONTAINER) ?? pod.status?.containerStatuses?.[0];
  if (!c) {
    const scheduled = pod.status?.conditions?.find((x) => x.type === 'PodScheduled');
    if (scheduled && scheduled.status === 'False') return { state: 'waiting', ready: false, additional_info: 'waiting for a node' };
    return { state: 'waiting', ready: false, additional_info: 'being created' };
  }
  const restarts = c.restartCount ?? 0;
  const waiting = c.state?.waiting;
  if (waiting) {
    const reason = waiting.reason ?? '';
    if (START_FAILURE_REASONS.has(reason)) return { state: 'start-failure', ready: false, additional_info: `${reason}${waiting.message ? `: ${waiting.message}` : ''}` };
    if (reason === 'CrashLoopBackOff') {
      const last = c.lastState?.terminated;
      return last ? fromTermination(last, restarts) : { state: 'app-crashed', ready: false, additional_info: `crashing (restarted ${restarts} times)` };
    }
    if (reason === 'ContainerCreating' || reason === 'PodInitializing') return { state: 'waiting', ready: false, additional_info: reason };
    return { state: 'pending', ready: false, additional_info: reason || 'starting' };
  }
  if (c.state?.terminated) return fromTermination(c.state.terminated, restarts);
  if (c.state?.running) {
    if (isReady(pod)) return { state: 'running', ready: true, additional_info: '' };
    const since = ms(c.state.running.startedAt);
    const probe = pod.spec?.containers?.[0]?.readinessProbe;
    if (probe && Number.isFinite(since) && now - since > probeGraceMs(pod)) {
      return { state: 'probe-failure', ready: false, additional_info: `failing its health check for ${Math.round((now - since) / 1000)}s` };
    }
    return { state: 'pending', ready: false, additional_info: probe ? 'waiting for the health check to pass' : 'starting' };
  }
  return { state: 'pending', ready: false, additional_info: 'starting' };
}

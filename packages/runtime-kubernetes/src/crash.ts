import { CRASH_CODES, type CrashCode } from '@slipway/core';
import { START_FAILURE_REASONS } from './dyno-state.js';
import { CONTAINER } from './names.js';
import { isReady, ms, type PodView, type TerminatedView } from './pod-view.js';

/** Waiting reasons that are the platform's fault (image or config could not be provided), not the app's. */
const PLATFORM_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'CreateContainerConfigError']);

/** A crash detected on a pod: its code and how many restarts it has seen. */
export interface DetectedCrash {
  code: CrashCode;
  description: string;
  restarts: number;
  at: Date;
}

/** The seed's crash code of a container termination. */
export function codeOfTermination(t: TerminatedView): CrashCode {
  if (t.reason === 'OOMKilled') return 'R14';
  if (t.exitCode === 126 || t.exitCode === 127 || t.reason === 'StartError' || t.reason === 'ContainerCannotRun') return 'H9';
  if (t.reason === 'Unknown' || t.reason === 'ContainerStatusUnknown') return 'H0';
  if (t.exitCode === 0) return 'H8';
  return 'H10';
}

function crash(code: CrashCode, restarts: number, at: Date): DetectedCrash {
  return { code, description: CRASH_CODES[code], restarts, at };
}

/** What the driver last saw of a pod, to tell a new crash from one already reported. */
export interface PodMark {
  /** Identity (container id + finish time) of the last termination seen, current or previous. */
  termination: string;
  waiting: string;
  failed: boolean;
  /** Restart count at which a boot timeout was last reported (-1: never). */
  bootTimeoutReported: number;
  /** Restart count at which the pod was last seen ready (-1: never): a dyno that was ready did boot. */
  readyAt: number;
}

/** The mark of a pod not seen before. */
export const FRESH_MARK: PodMark = { termination: '', waiting: '', failed: false, bootTimeoutReported: -1, readyAt: -1 };

function container(pod: PodView) {
  return pod.status?.containerStatuses?.find((s) => s.name === CONTAINER) ?? pod.status?.containerStatuses?.[0];
}

function latestTermination(pod: PodView): (TerminatedView & { containerID?: string }) | undefined {
  const c = container(pod);
  return (c?.state?.terminated ?? c?.lastState?.terminated) as (TerminatedView & { containerID?: string }) | undefined;
}

function terminationKey(t: (TerminatedView & { containerID?: string }) | undefined): string {
  if (!t) return '';
  const at = ms(t.finishedAt);
  return `${t.containerID ?? ''}@${Number.isFinite(at) ? at : ''}`;
}

/** The current mark of a pod. */
export function markOf(pod: PodView, previous: PodMark = FRESH_MARK): PodMark {
  return {
    termination: terminationKey(latestTermination(pod)),
    waiting: container(pod)?.state?.waiting?.reason ?? '',
    failed: pod.status?.phase === 'Failed',
    bootTimeoutReported: previous.bootTimeoutReported,
    readyAt: isReady(pod) ? (container(pod)?.restartCount ?? 0) : previous.readyAt,
  };
}

/**
 * Compares a pod with what was last seen of it and returns the crash that happened in between, if any: a new
 * container termination (exit code -> H8/H9/H10/R14/H0; whether the kubelet shows it as the current state or,
 * after the restart, as the last state, it is reported once), a new start failure (H9, or H99 when the image or
 * config could not be provided), an eviction or other pod failure (H99).
 */
export function detectCrash(pod: PodView, before: PodMark, now = new Date()): DetectedCrash | null {
  const after = markOf(pod, before);
  const restarts = container(pod)?.restartCount ?? 0;
  if (after.failed && !before.failed) return crash('H99', restarts, now);
  const t = latestTermination(pod);
  if (t && after.termination !== before.termination) {
    const at = ms(t.finishedAt);
    return crash(codeOfTermination(t), restarts, Number.isFinite(at) ? new Date(at) : now);
  }
  const reason = after.waiting;
  if (reason && reason !== before.waiting && START_FAILURE_REASONS.has(reason) && !START_FAILURE_REASONS.has(before.waiting)) {
    return crash(PLATFORM_REASONS.has(reason) ? 'H99' : 'H9', restarts, now);
  }
  return null;
}

/**
 * H20 (boot timeout): a web container running for longer than the boot timeout without ever becoming ready since
 * it started. Reported once per container start (keyed by its restart count).
 */
export function detectBootTimeout(pod: PodView, mark: PodMark, bootTimeoutMs: number, now = Date.now()): DetectedCrash | null {
  if (isReady(pod) || pod.metadata?.deletionTimestamp) return null;
  const c = container(pod);
  const started = ms(c?.state?.running?.startedAt);
  if (!c || !Number.isFinite(started) || !pod.spec?.containers?.[0]?.readinessProbe) return null;
  const restarts = c.restartCount ?? 0;
  if (now - started < bootTimeoutMs || mark.bootTimeoutReported === restarts || mark.readyAt === restarts) return null;
  mark.bootTimeoutReported = restarts;
  return crash('H20', restarts, new Date(now));
}

/**
 * The parts of a Pod the driver reads. Pods arrive either as client-node models (timestamps as Date) or as raw
 * watch JSON (timestamps as strings), so times are typed as both.
 */
export type Time = Date | string | undefined | null;

/** A terminated container state. */
export interface TerminatedView {
  exitCode?: number;
  reason?: string;
  message?: string;
  startedAt?: Time;
  finishedAt?: Time;
}

/** One container status. */
export interface ContainerStatusView {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; running?: { startedAt?: Time }; terminated?: TerminatedView };
  lastState?: { terminated?: TerminatedView };
}

/** Probe settings, for telling "still starting" from "failing its check". */
export interface ProbeView {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
  httpGet?: unknown;
  tcpSocket?: unknown;
}

/** A pod as read from the API. */
export interface PodView {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    creationTimestamp?: Time;
    deletionTimestamp?: Time;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: { containers?: Array<{ command?: string[]; args?: string[]; image?: string; readinessProbe?: ProbeView; envFrom?: Array<{ secretRef?: { name?: string } }> }> };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    podIP?: string;
    conditions?: Array<{ type?: string; status?: string; lastTransitionTime?: Time }>;
    containerStatuses?: ContainerStatusView[];
  };
}

/** Milliseconds since the epoch of a Time, or NaN. */
export function ms(t: Time): number {
  if (!t) return Number.NaN;
  return t instanceof Date ? t.getTime() : Date.parse(t);
}

/** Whether the pod's Ready condition is True (it receives Service traffic). */
export function isReady(pod: PodView): boolean {
  return !!pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

import type { DynoState } from '@slipway/core';

/** The parts of `GET /containers/{id}/json` the state mapping reads. */
export interface ContainerStateView {
  Status: string;
  Running: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  ExitCode: number;
  Error: string;
  Health?: { Status: string; FailingStreak?: number; Log?: Array<{ ExitCode: number; Output: string }> } | null;
}

/** A dyno state with the API's `ready` flag and a human reason. */
export interface MappedState {
  state: DynoState;
  ready: boolean;
  additional_info: string;
}

function exitReason(s: ContainerStateView, restartCount: number): string {
  const oom = s.OOMKilled ? ', out of memory' : '';
  const restarts = restartCount > 0 ? ` (restarted ${restartCount} times)` : '';
  return `exited with code ${s.ExitCode}${oom}${restarts}`;
}

/**
 * Maps Docker's container state to the seed's dyno vocabulary. Exit codes 126/127 (command not executable /
 * not found) and engine start errors are `start-failure`; other exits `app-crashed`; a failing health check
 * `probe-failure`; a health check not yet passed `pending`; a created but unstarted container `waiting`.
 */
export function mapContainerState(s: ContainerStateView, restartCount = 0): MappedState {
  if (s.Status === 'removing') return { state: 'stopping', ready: false, additional_info: 'being removed' };
  if (s.Status === 'paused') return { state: 'stopped', ready: false, additional_info: 'paused' };
  if (s.Error) return { state: 'start-failure', ready: false, additional_info: s.Error };
  if (s.Status === 'created') return { state: 'waiting', ready: false, additional_info: 'created, not started yet' };
  const failedStart = s.ExitCode === 126 || s.ExitCode === 127;
  if (s.Restarting || s.Status === 'restarting' || s.Dead || s.Status === 'exited' || s.Status === 'dead') {
    if (s.Status === 'exited' && s.ExitCode === 0 && !s.Restarting) return { state: 'stopped', ready: false, additional_info: 'exited with code 0' };
    if (failedStart) {
      const what = s.ExitCode === 127 ? 'command not found' : 'command not executable';
      return { state: 'start-failure', ready: false, additional_info: `${what} (${exitReason(s, restartCount)})` };
    }
    return { state: 'app-crashed', ready: false, additional_info: exitReason(s, restartCount) };
  }
  if (s.Running) {
    const health = s.Health?.Status;
    if (health === 'starting') return { state: 'pending', ready: false, additional_info: 'waiting for the health check to pass' };
    if (health === 'unhealthy') {
      const last = s.Health?.Log?.at(-1)?.Output?.trim() ?? '';
      const info = `health check failed ${s.Health?.FailingStreak ?? 0} times in a row${last ? `: ${last.slice(0, 200)}` : ''}`;
      return { state: 'probe-failure', ready: false, additional_info: info };
    }
    return { state: 'running', ready: true, additional_info: '' };
  }
  return { state: 'stopped', ready: false, additional_info: s.Status };
}

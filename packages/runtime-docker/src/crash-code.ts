import type { CrashCode } from '@slipway/core';

/** What is known of one container exit: the `die` event's exit code plus what inspecting the container added. */
export interface ContainerExit {
  /** Exit code from the `die` event (or the inspected state); absent when neither said. */
  exitCode?: number;
  /** An `oom` event preceded the exit, or the engine marked the exit as an out-of-memory kill. */
  oomKilled: boolean;
  /** The engine's start error (`State.Error`): the process never ran. */
  startError?: string;
  /**
   * The container has a memory limit and the engine is reviving it (restarting or running again). A SIGKILL (137) then
   * came from the kernel's OOM killer: `docker kill`/`stop` mark a container stopped and it is not revived, and a
   * process inside cannot SIGKILL its PID 1. The engine's own mark is gone by then once the restart has begun.
   */
  revivedUnderMemoryLimit?: boolean;
}

/** Exit codes of the shell / tini when the command cannot be executed (126) or found (127): the dyno never ran. */
const NEVER_STARTED = new Set([126, 127]);

/**
 * The seed's crash code of a container exit: out of memory (marked, or a SIGKILL of a revived container under a
 * memory limit) -> R14; never got running (engine start error,
 * command not found / not executable) -> H9; clean exit of a long-running process -> H8; any other exit -> H10;
 * nothing known -> H0.
 */
export function crashCodeOf(exit: ContainerExit): CrashCode {
  if (exit.oomKilled || (exit.exitCode === 137 && exit.revivedUnderMemoryLimit)) return 'R14';
  if (exit.startError || (exit.exitCode !== undefined && NEVER_STARTED.has(exit.exitCode))) return 'H9';
  if (exit.exitCode === undefined || !Number.isInteger(exit.exitCode) || exit.exitCode < 0) return 'H0';
  if (exit.exitCode === 0) return 'H8';
  return 'H10';
}

/** SIGTERM / SIGKILL exit codes (128 + signal): how a dyno ends when it is stopped on purpose. */
export const STOP_EXIT_CODES: ReadonlySet<number> = new Set([143, 137]);

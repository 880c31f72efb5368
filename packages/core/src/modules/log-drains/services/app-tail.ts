import type { AppTarget, RuntimeDriver } from '../../deploys/ports/runtime-driver.js';
import type { LogLine } from '../../deploys/domain/runtime.js';

/**
 * Follows one app's dyno output for its drains: `RuntimeDriver.logs(target, { tail: true, lines: 0 })`, reopened
 * when it ends (its dynos were replaced) and whenever `check` finds the app's set of dynos changed, because a tail
 * follows the dynos that existed when it was opened.
 */
export class AppTail {
  private abort: AbortController | null = null;
  private stopped = false;
  private dynos = '';
  private wake: (() => void) | null = null;

  constructor(
    private readonly runtime: RuntimeDriver,
    private readonly target: AppTarget,
    private readonly onLine: (line: LogLine) => void,
    private readonly retryMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Starts following in the background. */
  start(): void {
    void this.loop();
  }

  /** Reopens the tail when the app's dynos are not the ones it follows. */
  async check(): Promise<void> {
    if (this.stopped) return;
    const now = await this.dynoSet().catch(() => this.dynos);
    if (now !== this.dynos) {
      this.abort?.abort();
      this.wake?.();
    }
  }

  /** Stops following for good. */
  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
  }

  private async dynoSet(): Promise<string> {
    return (await this.runtime.listDynos(this.target)).map((d) => d.id).sort().join(',');
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const abort = (this.abort = new AbortController());
      try {
        this.dynos = await this.dynoSet();
        if (this.dynos) {
          for await (const line of this.runtime.logs(this.target, { tail: true, lines: 0, signal: abort.signal })) {
            if (abort.signal.aborted) break;
            this.onLine(line);
          }
        }
      } catch (err) {
        if (!abort.signal.aborted) this.onError(err);
      }
      // Ended on its own (no dynos yet, or all replaced): wait a little, or until `check` sees new dynos.
      if (!this.stopped && !abort.signal.aborted) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.retryMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }
}

import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { CRASH_CODES, backoffMs, type CrashCode, type CrashedRuntimeEvent, type RuntimeEvent } from '@slipway/core';
import { STOP_EXIT_CODES, crashCodeOf } from './crash-code.js';
import { engineStatus, toDomainError } from './errors.js';
import { LABEL } from './labels.js';

/** The parts of a Docker engine event the watcher reads. */
interface EngineEvent {
  Action?: string;
  status?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  id?: string;
}

/** Options of the crash watcher. */
export interface CrashWatcherOptions {
  /** Whether the driver itself is stopping or removing this container (its exit is no crash). */
  isStopping(id: string): boolean;
  onEvent(event: RuntimeEvent): void;
  /** Ceiling of the first reconnect delay after the engine stream drops; doubles up to `maxBackoffMs` (jittered). Default 500 ms. */
  backoffMs?: number;
  /** Longest reconnect delay; default 30 s. */
  maxBackoffMs?: number;
}

type Inspected = Docker.ContainerInspectInfo;

/** Unix nanoseconds as Docker's `since` parameter (`seconds.nanoseconds`). */
function sinceParam(nano: bigint): string {
  const s = nano / 1_000_000_000n;
  return `${s}.${(nano % 1_000_000_000n).toString().padStart(9, '0')}`;
}

/**
 * Turns the engine's `die`/`oom` events of dyno containers into `crashed` events. One `crashed` per `die`: an
 * `oom` only marks the container so its following `die` reads R14. Exits the driver asked for are skipped, and so
 * are SIGTERM/SIGKILL exits of containers someone stopped on purpose (not restarting, or already removed). When the
 * stream drops, it reconnects with backoff and resumes from the last event seen (`since`), skipping duplicates.
 */
export class CrashWatcher {
  private stream: Readable | null = null;
  private abort: AbortController | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  /** Reconnects tried since the stream last connected (drives the jittered backoff). */
  private reconnects = 0;
  /** Containers with an `oom` not yet followed by their `die`. */
  private readonly oom = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Newest event time seen (ns) and the events seen at exactly that time, to skip replays after `since`. */
  private lastNano = 0n;
  private lastKeys = new Set<string>();

  constructor(
    private readonly docker: Docker,
    private readonly options: CrashWatcherOptions,
  ) {}

  /** Subscribes to the engine's events; rejects (DriverUnavailableError) when the engine cannot be reached. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    let stream: Readable;
    try {
      stream = (await this.docker.getEvents({
        ...(this.lastNano ? { since: sinceParam(this.lastNano) } : {}),
        filters: { type: ['container'], label: [`${LABEL.managed}=true`], event: ['die', 'oom'] },
        abortSignal: abort.signal,
      } as Parameters<Docker['getEvents']>[0])) as unknown as Readable;
    } catch (err) {
      throw toDomainError(err, 'subscribing to engine events');
    }
    if (this.closed) {
      stream.destroy();
      return;
    }
    this.stream = stream;
    this.reconnects = 0;
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line) this.onLine(line);
      }
    });
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      if (this.stream === stream) this.stream = null;
      this.reconnectLater();
    };
    stream.on('end', drop);
    stream.on('close', drop);
    stream.on('error', drop);
  }

  private reconnectLater(): void {
    if (this.closed || this.timer) return;
    const base = this.options.backoffMs ?? 500;
    const delay = backoffMs(++this.reconnects, { baseMs: base, capMs: this.options.maxBackoffMs ?? 30_000, minMs: base / 2 });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed) return;
      this.connect().catch(() => this.reconnectLater());
    }, delay);
    this.timer.unref();
  }

  private onLine(line: string): void {
    let event: EngineEvent;
    try {
      event = JSON.parse(line) as EngineEvent;
    } catch {
      return;
    }
    // timeNano exceeds 2^53: read it from the text, not the parsed number.
    const nano = BigInt(/"timeNano":\s*(\d+)/.exec(line)?.[1] ?? '0');
    const id = event.Actor?.ID ?? event.id ?? '';
    const action = event.Action ?? event.status ?? '';
    const key = `${action}:${id}`;
    if (nano && nano < this.lastNano) return;
    if (nano && nano === this.lastNano) {
      if (this.lastKeys.has(key)) return;
      this.lastKeys.add(key);
    } else if (nano) {
      this.lastNano = nano;
      this.lastKeys = new Set([key]);
    }
    if (!id) return;
    if (action === 'oom') {
      this.oom.add(id);
      return;
    }
    if (action !== 'die') return;
    const attrs = event.Actor?.Attributes ?? {};
    const exitCode = attrs.exitCode !== undefined && attrs.exitCode !== '' ? Number(attrs.exitCode) : undefined;
    const at = nano ? new Date(Number(nano / 1_000_000n)) : new Date();
    this.track(this.onDie(id, attrs, exitCode, this.oom.delete(id), at));
  }

  private track(work: Promise<void>): void {
    const p = work.catch(() => undefined).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Inspects the container; null when it is gone (removed on purpose: not a crash), undefined when unknown. */
  private async inspect(id: string): Promise<Inspected | null | undefined> {
    try {
      return await this.docker.getContainer(id).inspect();
    } catch (err) {
      return engineStatus(err) === 404 ? null : undefined;
    }
  }

  private async onDie(id: string, attrs: Record<string, string>, exitCode: number | undefined, oomEvent: boolean, at: Date): Promise<void> {
    if (this.options.isStopping(id)) return;
    const info = await this.inspect(id);
    if (info === null || this.options.isStopping(id)) return;
    const state = info?.State;
    // The `oom` event may also arrive after its `die`, while the container was being inspected.
    const oomKilled = oomEvent || this.oom.delete(id) || !!state?.OOMKilled;
    const code = exitCode ?? (state && !state.Running ? state.ExitCode : undefined);
    // Stopped on purpose by someone else (another controller, an operator): the restart policy will not revive it.
    if (!oomKilled && code !== undefined && STOP_EXIT_CODES.has(code) && state && !state.Restarting && !state.Running) return;
    const revivedUnderMemoryLimit = !!state && (state.Restarting || state.Running) && (info?.HostConfig?.Memory ?? 0) > 0;
    const exit = { exitCode: code, oomKilled, revivedUnderMemoryLimit, startError: state?.Error || undefined };
    // The event carries the container's labels too, for when the engine could not be asked.
    this.emit(info?.Config.Labels ?? attrs, info?.RestartCount ?? 0, crashCodeOf(exit), at);
  }

  /** Reports a dyno the engine refused to start (no `die` follows a failed start): H9. */
  reportStartFailure(id: string): void {
    this.track(
      (async () => {
        if (this.options.isStopping(id)) return;
        const info = await this.inspect(id);
        if (info) this.emit(info.Config.Labels ?? {}, info.RestartCount ?? 0, 'H9', new Date());
      })(),
    );
  }

  private emit(l: Record<string, string>, restarts: number, code: CrashCode, at: Date): void {
    if (this.closed || !l[LABEL.appId] || !l[LABEL.type] || !l[LABEL.dyno]) return;
    const event: CrashedRuntimeEvent = {
      kind: 'crashed',
      app: { id: l[LABEL.appId], name: l[LABEL.appName] ?? '' },
      space: { id: l[LABEL.spaceId] ?? '', name: l[LABEL.spaceName] ?? '' },
      code,
      description: CRASH_CODES[code],
      restarts,
      dynos: [{ type: l[LABEL.type], dyno: l[LABEL.dyno] }],
      crashed_at: at.toISOString(),
      ...(l[LABEL.releaseId] ? { release: { id: l[LABEL.releaseId], version: Number(l[LABEL.releaseVersion]) } } : {}),
    };
    try {
      this.options.onEvent(event);
    } catch {
      // A failing subscriber must not break the watch.
    }
  }

  /** Ends the stream and any pending reconnect; resolves once no more events can be delivered. */
  async stop(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.stream?.destroy();
    this.stream = null;
    await Promise.all([...this.inFlight]);
  }
}

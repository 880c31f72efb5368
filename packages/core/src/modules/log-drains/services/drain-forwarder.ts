import type { EventBus } from '../../../kernel/bus.js';
import type { PlatformEvent } from '../../../kernel/payloads.js';
import type { Store } from '../../../kernel/store.js';
import type { RuntimeDriver } from '../../deploys/ports/runtime-driver.js';
import { processTypeOf, type LogDrain } from '../domain/log-drains.js';
import { platformLines } from '../domain/platform-lines.js';
import type { DrainBufferLimits, DrainConnection, DrainLogEntry, LogDrainTransport } from '../log-drain-transport.js';
import { AppTail } from './app-tail.js';

/** Tuning of the forwarder. */
export interface DrainForwarderOptions {
  /**
   * Forward dyno output from the runtime (default true). Every replica that has it on tails every drained app, so
   * with several replicas turn it on in exactly one; platform lines are written by the replica that made the change.
   */
  dynoOutput?: boolean;
  /** How often drains are reloaded from the store and dyno sets rechecked (default 10 s): picks up other replicas' changes. */
  rescanMs?: number;
  /** Pause before a tail that ended on its own is reopened (default 2 s). */
  retryMs?: number;
  /** How long closing waits for each drain to flush (default 2 s). */
  closeGraceMs?: number;
  /** Buffer limits of each drain (the transport's defaults otherwise). */
  buffer?: DrainBufferLimits;
  /** Receives background failures (runtime unreachable, a stored URL the transport now refuses). Never gets secrets. */
  onError?: (err: unknown) => void;
}

/** Events after which a drained app's dynos may have changed, so its tail is rechecked. */
const DYNO_CHANGES = new Set(['released', 'formation_change', 'dyno_restart', 'crashed']);

/**
 * Forwards every drained app's dyno output and the platform's own lines to its drains. Each drain is one
 * transport connection with a bounded buffer, so a receiver that hangs drops its oldest lines and never slows the
 * API, the event bus or other drains.
 */
export class DrainForwarder {
  private readonly open = new Map<string, { drain: LogDrain; conn: DrainConnection }>();
  private readonly tails = new Map<string, AppTail>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private syncing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onError: (err: unknown) => void;
  private readonly listener = (event: PlatformEvent) => this.onEvent(event);

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly transport: LogDrainTransport,
    private readonly runtime: RuntimeDriver | undefined,
    private readonly options: DrainForwarderOptions = {},
  ) {
    this.onError = options.onError ?? (() => {});
  }

  /** Opens every stored drain, starts the tails and subscribes to platform events. */
  async start(): Promise<void> {
    this.bus.on('*', this.listener);
    await this.sync();
    this.timer = setInterval(() => void this.sync(), this.options.rescanMs ?? 10_000);
    this.timer.unref?.();
  }

  /** Stops the tails, unsubscribes and closes every drain after a short flush. */
  async close(): Promise<void> {
    this.closed = true;
    this.bus.off('*', this.listener);
    if (this.timer) clearInterval(this.timer);
    await this.syncing;
    for (const tail of this.tails.values()) tail.stop();
    this.tails.clear();
    const grace = this.options.closeGraceMs ?? 2000;
    await Promise.all([...this.open.values()].map(({ conn }) => conn.close(grace).catch(this.onError)));
    this.open.clear();
  }

  /** The open connections of an app's drains. */
  connections(appId: string): DrainConnection[] {
    return [...this.open.values()].filter((d) => d.drain.app_id === appId).map((d) => d.conn);
  }

  /** Reloads drains from the store (one reload at a time) and matches connections and tails to them. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncOnce()).catch(this.onError);
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    if (this.closed) return;
    const drains = await this.store.read((tx) => tx.logDrains.all());
    const ids = new Set(drains.map((d) => d.id));
    for (const [id, { conn }] of this.open) {
      if (ids.has(id)) continue;
      this.open.delete(id);
      void conn.close(this.options.closeGraceMs ?? 2000).catch(this.onError);
    }
    for (const drain of drains) {
      if (this.open.has(drain.id)) continue;
      try {
        const conn = this.transport.open(drain.url, { token: drain.token, ...(this.options.buffer ? { buffer: this.options.buffer } : {}) });
        this.open.set(drain.id, { drain, conn });
      } catch (err) {
        this.onError(err);
      }
    }
    const apps = new Set(drains.map((d) => d.app_id));
    for (const [appId, tail] of this.tails) {
      if (apps.has(appId)) continue;
      this.tails.delete(appId);
      tail.stop();
    }
    if (!this.runtime || this.options.dynoOutput === false) return;
    for (const appId of apps) {
      const tail = this.tails.get(appId);
      if (tail) {
        await tail.check();
        continue;
      }
      const view = await this.store.read((tx) => tx.apps.find({ id: appId }));
      if (!view) continue;
      const target = { app: { id: view.app.id, name: view.app.name }, space: { id: view.space.id, name: view.space.name } };
      const key = `${view.app.name}-${view.space.name}`;
      const started = new AppTail(this.runtime, target, (line) => this.write(appId, { timestamp: line.at, app: key, process_type: processTypeOf(line.source), dyno: line.source, source: 'app', message: line.text }), this.options.retryMs ?? 2000, this.onError);
      this.tails.set(appId, started);
      started.start();
    }
  }

  private write(appId: string, entry: DrainLogEntry): void {
    for (const conn of this.connections(appId)) conn.write(entry);
  }

  private onEvent(event: PlatformEvent): void {
    if (this.closed || !event.app_id) return;
    const appId = event.app_id;
    const subject = event.payload as { app?: { name?: string }; space?: { name?: string } };
    const key = `${subject.app?.name ?? ''}-${subject.space?.name ?? ''}`;
    for (const line of platformLines(event)) this.write(appId, { ...line, app: key });
    if (event.action === 'logdrain_change' || event.action === 'destroy') void this.sync();
    else if (DYNO_CHANGES.has(event.action)) void this.tails.get(appId)?.check().catch(this.onError);
  }
}

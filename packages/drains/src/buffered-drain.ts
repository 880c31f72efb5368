import { DriverUnavailableError, type DrainConnection, type DrainLogEntry, type DrainStats, type DrainUrl } from '@slipway/core';
import { Backoff, type BackoffOptions } from './backoff.js';
import { toDomainError } from './domain-error.js';
import { dropNotice } from './drop-notice.js';
import { LineBuffer, type LineBufferLimits } from './line-buffer.js';

/** What every drain kind gets from the transport. */
export interface DrainSettings {
  buffer: LineBufferLimits;
  backoff: BackoffOptions;
}

interface FlushWaiter {
  resolve: () => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The part all drain kinds share: the bounded buffer, counters, the L10 drop notice, flush waiters and close.
 * Subclasses encode lines and move them to the receiver in `pump`, calling `settled()` when they may be idle.
 */
export abstract class BufferedDrain implements DrainConnection {
  readonly url: string;
  protected readonly buffer: LineBuffer;
  protected readonly backoff: Backoff;
  protected sent = 0;
  protected dropped = 0;
  protected connected = false;
  protected lastError: string | null = null;
  /** True once close() began: no more writes are taken. */
  protected closing = false;
  /** True once close() finished: sockets and timers are gone. */
  protected closed = false;
  private unreported = 0;
  private droppingSince: Date | null = null;
  private lastApp = 'slipway';
  private waiters: FlushWaiter[] = [];

  constructor(protected readonly target: DrainUrl, settings: DrainSettings) {
    this.url = target.redacted;
    this.buffer = new LineBuffer(settings.buffer);
    this.backoff = new Backoff(settings.backoff);
  }

  /** Turns an entry into the bytes this drain kind queues (a framed syslog message or a datagram). */
  protected abstract encode(entry: DrainLogEntry): Buffer;
  /** Moves buffered lines towards the receiver as far as it currently can; never blocks. */
  protected abstract pump(): void;
  /** Lines taken from the buffer but not yet handed over (an HTTPS batch in flight, UDP sends pending). */
  protected abstract inFlight(): number;
  /** Releases sockets and timers for good. */
  protected abstract teardown(): void;

  write(entry: DrainLogEntry): void {
    if (this.closing) {
      this.dropped++;
      return;
    }
    this.lastApp = entry.app || this.lastApp;
    let line: Buffer;
    try {
      line = this.encode(entry);
    } catch {
      this.dropped++;
      return;
    }
    const lost = this.buffer.push(line);
    if (lost > 0) this.noteDropped(lost);
    this.pump();
  }

  stats(): DrainStats {
    return { sent: this.sent, dropped: this.dropped, buffered: this.buffer.length + this.inFlight(), connected: this.connected, last_error: this.lastError };
  }

  flush(timeoutMs = 10_000): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: FlushWaiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new DriverUnavailableError(`log drain ${this.url}: ${this.stats().buffered} lines still buffered after ${timeoutMs} ms${this.lastError ? ` (${this.lastError})` : ''}`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
      this.pump();
    });
  }

  async close(graceMs = 2_000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.flush(graceMs).catch(() => undefined);
    this.closed = true;
    this.dropped += this.buffer.clear() + this.inFlight();
    this.connected = false;
    this.teardown();
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new DriverUnavailableError(`log drain ${this.url}: closed`));
    }
  }

  /** Counts lines lost after leaving the buffer (a refused HTTPS batch, a failed datagram). */
  protected noteDropped(count: number): void {
    this.dropped += count;
    this.unreported += count;
    this.droppingSince ??= new Date();
  }

  /**
   * The next line to hand over: the pending drop notice first, so the receiver learns about the gap as soon as
   * delivery works again, then the oldest buffered line.
   */
  protected take(): Buffer | undefined {
    if (this.unreported > 0 && this.buffer.length > 0) {
      const notice = this.encode(dropNotice(this.lastApp, this.unreported, this.droppingSince ?? new Date()));
      this.unreported = 0;
      this.droppingSince = null;
      return notice;
    }
    return this.buffer.shift();
  }

  /** Records a failure as a core error message, with the URL's secrets masked. */
  protected fail(err: unknown): void {
    this.lastError = toDomainError(err, this.url).message;
  }

  /** Resolves flush waiters once nothing is left to hand over. */
  protected settled(): void {
    if (!this.idle()) return;
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.resolve();
    }
  }

  /** Whether flush waiters want partial batches sent now. */
  protected get flushing(): boolean {
    return this.waiters.length > 0 || this.closing;
  }

  private idle(): boolean {
    return this.buffer.length === 0 && this.inFlight() === 0 && this.pendingBytes() === 0;
  }

  /** Bytes accepted by a socket but not yet given to the kernel; 0 for kinds without one. */
  protected pendingBytes(): number {
    return 0;
  }
}

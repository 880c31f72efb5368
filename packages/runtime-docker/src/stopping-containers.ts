/** How long a stopped container stays known after its removal: its `die` event may reach watchers later. */
const LINGER_MS = 120_000;

/**
 * Containers the driver itself is stopping or removing (rollouts, scale down, removeApp, restart), so the event
 * watcher does not report their exits as crashes. Entries outlive the removal for a while since the engine's
 * event stream may deliver the `die` after the driver's stop call returned.
 */
export class StoppingContainers {
  /** id -> when the stop finished (ms), or null while it is in progress. */
  private readonly entries = new Map<string, number | null>();

  constructor(private readonly lingerMs = LINGER_MS) {}

  /** Marks containers as being stopped on purpose, before the stop request is sent. */
  begin(ids: Iterable<string>): void {
    this.prune();
    for (const id of ids) this.entries.set(id, null);
  }

  /** Notes the stop of these containers finished; they are forgotten once the linger time passed. */
  end(ids: Iterable<string>): void {
    const now = Date.now();
    for (const id of ids) if (this.entries.has(id)) this.entries.set(id, now);
  }

  /** Whether an exit of this container was asked for by the driver. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  private prune(): void {
    const cutoff = Date.now() - this.lingerMs;
    for (const [id, ended] of this.entries) if (ended !== null && ended < cutoff) this.entries.delete(id);
  }
}

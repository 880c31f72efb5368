import type { KubeObject } from './objects.js';

/** Watch event types on the wire. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change of one object, as stored in the watch history. */
export interface StoreEvent {
  type: WatchEventType;
  plural: string;
  object: KubeObject;
  /** The object before the change (null for ADDED); lets selector-filtered watches send ADDED/DELETED on transitions. */
  previous: KubeObject | null;
  rv: number;
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}\u0000${name}`;
}

/**
 * The fake's etcd: objects, one global resourceVersion counter and a bounded event history, so watches can
 * resume from a resourceVersion (and get 410 Gone when it fell out of the window, like the real server).
 */
export class ObjectStore {
  private rv = 1000;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(private readonly historyLimit = 20_000) {}

  /** The latest resourceVersion handed out. */
  currentRv(): number {
    return this.rv;
  }

  /** A copy of one object, or undefined. */
  get(plural: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.kind(plural).get(keyOf(namespace, name));
    return o ? structuredClone(o) : undefined;
  }

  /** Copies of every object of a kind, optionally in one namespace. */
  list(plural: string, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.kind(plural).values()) {
      if (namespace !== undefined && o.metadata.namespace !== namespace) continue;
      out.push(structuredClone(o));
    }
    return out;
  }

  /** Stores a new or changed object under a fresh resourceVersion and tells watchers. */
  put(plural: string, object: KubeObject): KubeObject {
    const key = keyOf(object.metadata.namespace, object.metadata.name);
    const objects = this.kind(plural);
    const prevStored = objects.get(key);
    const previous = prevStored ? structuredClone(prevStored) : null;
    this.rv += 1;
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(this.rv);
    objects.set(key, stored);
    this.emit({ type: previous ? 'MODIFIED' : 'ADDED', plural, object: structuredClone(stored), previous, rv: this.rv });
    return structuredClone(stored);
  }

  /** Removes an object for good; the DELETED event carries a fresh resourceVersion, as etcd's delete revision. */
  remove(plural: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const objects = this.kind(plural);
    const key = keyOf(namespace, name);
    const prev = objects.get(key);
    if (!prev) return undefined;
    objects.delete(key);
    this.rv += 1;
    const last = structuredClone(prev);
    last.metadata.resourceVersion = String(this.rv);
    this.emit({ type: 'DELETED', plural, object: structuredClone(last), previous: prev, rv: this.rv });
    return last;
  }

  /** Events after `rv` for a watch resuming there; 'gone' when the history no longer reaches back that far. */
  eventsSince(rv: number): StoreEvent[] | 'gone' {
    if (rv >= this.rv) return [];
    const first = this.history[0];
    if (!first || first.rv > rv + 1) return 'gone';
    return this.history.filter((e) => e.rv > rv).map((e) => structuredClone(e));
  }

  /** Subscribes to every change; returns the unsubscribe function. */
  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private kind(plural: string): Map<string, KubeObject> {
    let m = this.objects.get(plural);
    if (!m) this.objects.set(plural, (m = new Map()));
    return m;
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > this.historyLimit) this.history.splice(0, this.history.length - this.historyLimit);
    for (const l of [...this.listeners]) {
      try {
        l(structuredClone(e));
      } catch {
        // A broken listener (a closed watch) must not stop the others.
      }
    }
  }
}

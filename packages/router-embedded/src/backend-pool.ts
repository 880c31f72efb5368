import { Agent } from 'node:http';
import type { RouteBackend } from '@slipway/core';

/** One dyno endpoint the router sends requests to, with its own keep-alive agent and in-flight count. */
export interface Backend {
  readonly id: string;
  readonly url: string;
  /** Parsed once: http-proxy-3 takes it as the target. */
  readonly target: URL;
  readonly agent: Agent;
  /** Attempts started and not yet finished (request answered, failed or aborted). */
  inflight: number;
  /** No longer routed to; its agent is closed once `inflight` reaches 0. */
  draining: boolean;
  /** Until this time (ms epoch) the backend refused connections, so pickers try others first. */
  downUntil: number;
}

/** Options of the agents the pool creates per backend. */
export interface BackendAgentOptions {
  /** Sockets per backend at most (queued beyond). */
  maxSockets: number;
  /** How long an unused keep-alive socket to a backend stays open. */
  idleSocketMs: number;
}

/**
 * The backends every served host refers to, keyed by URL so hosts sharing a dyno share its connections. Backends
 * that no converge refers to any more are drained: they get no new requests, their in-flight ones finish, then their
 * sockets close.
 */
export class BackendPool {
  private readonly byUrl = new Map<string, Backend>();

  constructor(private readonly agentOptions: BackendAgentOptions) {}

  /** The pool's backend for `b`, created on first use, and brought back into service when it was draining. */
  acquire(b: RouteBackend): Backend {
    let backend = this.byUrl.get(b.url);
    if (!backend) {
      backend = {
        id: b.id,
        url: b.url,
        target: new URL(b.url),
        agent: new Agent({
          keepAlive: true,
          maxSockets: this.agentOptions.maxSockets,
          // Sockets unused this long close on our side first, so we rarely reuse one the dyno is closing.
          timeout: this.agentOptions.idleSocketMs,
        }),
        inflight: 0,
        draining: false,
        downUntil: 0,
      };
      this.byUrl.set(b.url, backend);
    }
    backend.draining = false;
    return backend;
  }

  /** Drains every backend whose URL is not in `inUse`. */
  retainOnly(inUse: ReadonlySet<string>): void {
    for (const backend of this.byUrl.values()) {
      if (inUse.has(backend.url) || backend.draining) continue;
      backend.draining = true;
      this.closeIfDrained(backend);
    }
  }

  /** Counts an attempt on `backend`; the returned function ends it (idempotent). */
  begin(backend: Backend): () => void {
    backend.inflight++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      backend.inflight--;
      this.closeIfDrained(backend);
    };
  }

  /** Backends currently known (routed or still draining), for introspection and tests. */
  list(): Backend[] {
    return [...this.byUrl.values()];
  }

  /** Closes every agent at once (router shutdown). */
  destroy(): void {
    for (const backend of this.byUrl.values()) backend.agent.destroy();
    this.byUrl.clear();
  }

  private closeIfDrained(backend: Backend): void {
    if (!backend.draining || backend.inflight > 0) return;
    // Only idle sockets remain: nothing in flight uses them.
    backend.agent.destroy();
    if (this.byUrl.get(backend.url) === backend) this.byUrl.delete(backend.url);
  }
}

/**
 * Round-robin choice among `backends`, skipping ones in `tried`, preferring ones not marked down; undefined when
 * every backend was tried.
 */
export function pickBackend(backends: readonly Backend[], cursor: { next: number }, tried: ReadonlySet<Backend>, now: number): Backend | undefined {
  const n = backends.length;
  let fallback: Backend | undefined;
  for (let i = 0; i < n; i++) {
    const b = backends[(cursor.next + i) % n];
    if (tried.has(b) || b.draining) continue;
    if (b.downUntil > now) {
      fallback ??= b;
      continue;
    }
    cursor.next = (cursor.next + i + 1) % n;
    return b;
  }
  return fallback;
}

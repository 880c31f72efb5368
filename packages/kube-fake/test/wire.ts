import type { KubeFake } from '../src/index.js';

/** A raw JSON answer of the fake. */
export interface WireAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Plain `fetch` calls to the fake with its bearer token, so tests see the wire exactly as a client does. */
export function wire(fake: KubeFake): (method: string, path: string, body?: unknown, contentType?: string) => Promise<WireAnswer> {
  return async (method, path, body, contentType = 'application/json') => {
    const res = await fetch(`${fake.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${fake.token}`, ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/** Polls `probe` until it yields a value (controllers in the fake act asynchronously, as on a cluster). */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

import { expect } from 'vitest';

/**
 * What one replayed request of the Akkeris CLI got back, parsed as the CLI parses it (aka.js, response_body and
 * req_help): a 2xx body is JSON.parse'd when not empty (so a body that is not JSON makes the CLI throw), anything
 * else is the error the command prints.
 */
export interface AkaAnswer {
  status: number;
  body: any;
}

/** One request the CLI sent, for the test's own assertions on what was replayed. */
export interface AkaSent {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/** The CLI's HTTP helper (aka.js, appkit_request) pointed at a test server. */
export interface Aka {
  /** Every request sent so far. */
  sent: AkaSent[];
  /** Sends what the CLI sends and parses as it parses. */
  send(method: 'get' | 'post' | 'patch' | 'delete' | 'put', path: string, payload?: unknown): Promise<AkaAnswer>;
  /** A step the command must get a 2xx for: anything else fails the replay with the server's answer. */
  ok(method: 'get' | 'post' | 'patch' | 'delete' | 'put', path: string, payload?: unknown): Promise<any>;
}

/**
 * The headers of aka.js appkit_request, in its order: a JSON content type on every request (GET and DELETE too),
 * the netrc/API_TOKEN bearer token, `*` accept, gzip, and its user agent.
 */
export function akaHeaders(token: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}`, accept: '*/*', 'accept-encoding': 'gzip', 'user-agent': 'akkeris-cli' };
}

/** A replaying client for a server at `baseUrl` (the CLI's AKKERIS_API_HOST) with a token. */
export function aka(baseUrl: string, token: string): Aka {
  const sent: AkaSent[] = [];
  const send: Aka['send'] = async (method, path, payload) => {
    const headers = akaHeaders(token);
    sent.push({ method, path, headers });
    // The CLI writes JSON.stringify(payload) for post/patch/put (null for get/delete: no body at all).
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const res = await fetch(baseUrl + path, { method: method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    if (res.status > 199 && res.status < 300) {
      // The CLI parses with JSON.parse and no guard: a 2xx that is not JSON throws inside the command.
      return { status: res.status, body: text ? JSON.parse(text) : text };
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* the CLI prints the raw body */
    }
    return { status: res.status, body: parsed };
  };
  return {
    sent,
    send,
    async ok(method, path, payload) {
      const r = await send(method, path, payload);
      expect({ request: `${method.toUpperCase()} ${path}`, status: r.status, body: r.status > 299 ? r.body : '(2xx)' }).toEqual({ request: `${method.toUpperCase()} ${path}`, status: r.status, body: '(2xx)' });
      return r.body;
    },
  };
}

/** A JSON type a command relies on. */
export type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null' | 'string|null' | 'object|null';

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/**
 * Asserts that every field a command reads (dotted paths, as in its format strings) is present with the type the
 * command needs, e.g. `reads(app, { simple_name: 'string', 'organization.name': 'string' })`.
 */
export function reads(obj: unknown, fields: Record<string, Kind>, what = 'answer'): void {
  const got: Record<string, string> = {};
  for (const [path, kind] of Object.entries(fields)) {
    const k = kindOf(at(obj, path));
    got[path] = kind.split('|').includes(k) ? kind : `${k} (wanted ${kind})`;
  }
  expect({ what, fields: got }).toEqual({ what, fields });
}

/** `reads` on every item of a list (and the list must be an array). */
export function readsEach(list: unknown, fields: Record<string, Kind>, what = 'list'): void {
  expect(Array.isArray(list), `${what} is an array`).toBe(true);
  (list as unknown[]).forEach((item, i) => reads(item, fields, `${what}[${i}]`));
}

/**
 * Where terminal.print / vtable (lib/terminal.js) would throw on the object: for a nested object value, each of its
 * object-valued members has its own members stringified with toString, so none of those may be null.
 */
export function vtableNulls(obj: unknown): string[] {
  const broken: string[] = [];
  for (const [d, v] of Object.entries(obj as Record<string, unknown>)) {
    if (!v || typeof v !== 'object') continue;
    for (const [z, w] of Object.entries(v as Record<string, unknown>)) {
      if (!w || typeof w === 'string') continue;
      for (const [y, x] of Object.entries(w as Record<string, unknown>)) if (x === null || x === undefined) broken.push(`${d}.${z}.${y}`);
    }
  }
  return broken;
}

/** Asserts the CLI can print the object with terminal.print / vtable. */
export function printable(obj: unknown, what = 'answer'): void {
  expect(obj !== null && typeof obj === 'object', `${what} is an object`).toBe(true);
  expect({ what, nullsVtableCannotPrint: vtableNulls(obj) }).toEqual({ what, nullsVtableCannotPrint: [] });
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorJson, type Urls } from './representations.js';

/** A GitHub-style failure a handler throws; the server turns it into the status and error body. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: unknown[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 404 `Not Found`: what GitHub answers for anything the caller may not see, so nothing leaks. */
export function notFound(): HttpFailure {
  return new HttpFailure(404, 'Not Found');
}

/** 422 `Validation Failed` with GitHub's `errors` array. */
export function validationFailed(resource: string, message: string, field?: string): HttpFailure {
  return new HttpFailure(422, 'Validation Failed', [{ resource, code: 'custom', ...(field ? { field } : {}), message }]);
}

/** Headers GitHub sends on every API response. */
function apiHeaders(): Record<string, string> {
  return {
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': randomUUID().toUpperCase(),
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
  };
}

/** Sends a JSON body (or none for 204) with GitHub's headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const all = { ...apiHeaders(), ...headers };
  if (status === 204 || body === undefined) {
    res.writeHead(status, all).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...all, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

/** Sends a failure as GitHub does: status, `{message, documentation_url, status}` body. */
export function sendFailure(res: ServerResponse, u: Urls, f: HttpFailure): void {
  sendJson(res, f.status, errorJson(u, f.status, f.message, f.errors), f.headers);
}

/** Reads a JSON request body; GitHub answers 400 `Problems parsing JSON` for anything else. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 1024 * 1024) throw new HttpFailure(413, 'Payload too large');
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // falls through to the 400 below
  }
  throw new HttpFailure(400, 'Problems parsing JSON');
}

/** The token of an `Authorization: token|Bearer <t>` (or Basic with the token as password) header, if any. */
export function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^(token|bearer)\s+(\S+)\s*$/i.exec(h);
  if (m) return m[2];
  const b = /^basic\s+(\S+)\s*$/i.exec(h);
  if (b) {
    const decoded = Buffer.from(b[1], 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return h;
}

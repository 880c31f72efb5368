import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import type { StoreChanges } from '@slipway/core';

/** One remembered answer: what the route sent, ready to send again. */
interface Answer {
  status: number;
  body: Buffer;
  etag: string;
  nextRange: string | undefined;
}

/** Where a request's answer may be kept: the key it is found by and the data version it was read at. */
export interface Keep {
  key: string;
  version: number;
}

/** What `begin` did: answered from memory, or left the route to answer (and, with `keep`, to be remembered). */
export type Lookup = { answered: true } | { answered: false; keep: Keep | null };

/** How a cacheable request was met: from memory, or by running the route (and maybe remembering its answer). */
export type CacheResult = 'hit' | 'miss';

/** Authorization headers whose digests are remembered before the memo starts over. */
const MAX_CALLERS = 256;

/** Most bytes of answers kept (default): a few pages of a large app list, and thousands of single apps. */
const MAX_BYTES = 32 * 2 ** 20;

/**
 * Answers of the routes marked `cache: true`, remembered at the store's data version they were read at and dropped
 * as soon as a later version is seen. An answer is found by URL, Range and a hash of the Authorization header (never
 * the token itself): the same caller asking the same question of the same data gets the same answer. The caller is
 * authenticated on every request, so an expired or revoked token is refused as without a cache.
 */
export class ResponseCache {
  private version = -1;
  private readonly answers = new Map<string, Answer>();
  private bytes = 0;
  private readonly callers = new Map<string, string>();

  constructor(
    private readonly changes: StoreChanges,
    private readonly counted?: (result: CacheResult) => void,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  /**
   * Starts a cacheable request: reads the data version (after the request arrived, so every write answered before
   * it is seen) and answers from memory when it can.
   */
  async begin(ctx: Context): Promise<Lookup> {
    const version = await this.changes.current();
    if (version === null) return { answered: false, keep: null };
    if (version > this.version) {
      this.answers.clear();
      this.bytes = 0;
      this.version = version;
    }
    const key = `${ctx.url}\n${ctx.get('range')}\n${this.callerOf(ctx.get('authorization'))}`;
    const answer = version === this.version ? this.answers.get(key) : undefined;
    if (!answer) {
      this.counted?.('miss');
      return { answered: false, keep: { key, version } };
    }
    this.counted?.('hit');
    send(ctx, answer);
    return { answered: true };
  }

  /** A digest of the Authorization header, remembered for the few callers seen lately (hashing was 5% of a hit). */
  private callerOf(auth: string): string {
    if (!auth) return '';
    let digest = this.callers.get(auth);
    if (digest === undefined) {
      if (this.callers.size >= MAX_CALLERS) this.callers.clear();
      digest = createHash('sha256').update(auth).digest('base64');
      this.callers.set(auth, digest);
    }
    return digest;
  }

  /** Sends the route's JSON answer with an ETag, and keeps it when it is a 200/206 read at the current version. */
  remember(ctx: Context, at: Keep): void {
    if ((ctx.status !== 200 && ctx.status !== 206) || ctx.body === undefined || ctx.body === null) return;
    const body = Buffer.from(JSON.stringify(ctx.body));
    const answer: Answer = {
      status: ctx.status,
      body,
      etag: `W/"${createHash('sha1').update(body).digest('base64url')}"`,
      nextRange: ctx.response.get('Next-Range') || undefined,
    };
    send(ctx, answer);
    if (at.version !== this.version || body.length > this.maxBytes / 4) return;
    const old = this.answers.get(at.key);
    if (old) this.bytes -= old.body.length;
    this.answers.delete(at.key);
    this.answers.set(at.key, answer);
    this.bytes += body.length;
    // Oldest first: Map keeps insertion order.
    for (const [key, a] of this.answers) {
      if (this.bytes <= this.maxBytes) break;
      this.answers.delete(key);
      this.bytes -= a.body.length;
    }
  }
}

/** Whether an If-None-Match header names this ETag (weak comparison, as GET uses). */
function matches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === opaque);
}

/** Sends an answer, or 304 when the client holds it already. */
function send(ctx: Context, answer: Answer): void {
  ctx.set('ETag', answer.etag);
  if (answer.nextRange) ctx.set('Next-Range', answer.nextRange);
  const inm = ctx.get('if-none-match');
  if (inm && matches(inm, answer.etag)) {
    ctx.status = 304;
    ctx.body = null;
    return;
  }
  ctx.status = answer.status;
  ctx.type = 'application/json';
  ctx.body = answer.body;
}

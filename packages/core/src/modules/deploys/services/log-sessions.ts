import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError, ValidationError } from '../../../errors.js';
import { newId } from '../../../kernel/ids.js';
import { formatLogLine } from '../domain/runtime.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { appTarget } from './deploy-jobs.js';
import { requireRuntime, type DeployOptions } from './deploys.js';
import { requireApp } from '../../foundation/services/resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';

/** Most lines a session may ask for. */
export const MAX_LOG_LINES = 10_000;

/** What a log-session token grants: one app's last `lines`, optionally followed, until `exp`. */
interface Grant {
  id: string;
  app: string;
  lines: number;
  tail: boolean;
  exp: number;
}

/** A created log session: its id, the token its URL carries, and when it was made. */
export interface LogSession {
  id: string;
  token: string;
  created_at: Date;
}

/**
 * Log sessions: `POST /apps/{app}/log-sessions` hands out a URL with a short-lived HMAC-signed token, so the log
 * stream can be read without the Authorization header (the seed's logplex URL), by curl or a browser.
 */
export class LogSessionService {
  private readonly key: Buffer;
  private readonly ttlMs: number;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: DeployOptions,
  ) {
    this.key = options.logSessionSecret ? Buffer.from(options.logSessionSecret, 'utf8') : randomBytes(32);
    this.ttlMs = options.logSessionTtlMs ?? 5 * 60_000;
  }

  /** Creates a session for the last `lines` (default 100) lines, following them with `tail`. */
  async create(_actor: Principal, appRef: string, input: { lines?: number; tail?: boolean }): Promise<LogSession> {
    requireRuntime(this.options);
    const lines = input.lines ?? 100;
    if (!Number.isInteger(lines) || lines < 0 || lines > MAX_LOG_LINES) throw new ValidationError(`lines must be an integer between 0 and ${MAX_LOG_LINES}`, 'lines');
    const view = await this.uow.read((tx) => requireApp(tx, appRef));
    const grant: Grant = { id: newId(), app: view.app.id, lines, tail: input.tail ?? false, exp: Date.now() + this.ttlMs };
    const body = Buffer.from(JSON.stringify(grant)).toString('base64url');
    return { id: grant.id, token: `${body}.${this.sign(body)}`, created_at: new Date() };
  }

  /** Opens the stream a token grants, as formatted lines; 401 for a forged or expired token. */
  async open(token: string, signal: AbortSignal): Promise<AsyncIterable<string>> {
    const runtime = requireRuntime(this.options);
    const grant = this.verify(token);
    const view = await this.uow.read((tx) => requireApp(tx, grant.app));
    const source = runtime.logs(appTarget(view), { lines: grant.lines, tail: grant.tail, signal });
    return (async function* () {
      for await (const line of source) yield `${formatLogLine(line)}\n`;
    })();
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private verify(token: string): Grant {
    const [body, mac] = token.split('.');
    const invalid = new UnauthorizedError('The log session is invalid or has expired; create a new one.');
    if (!body || !mac) throw invalid;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
    let grant: Grant;
    try {
      grant = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Grant;
    } catch {
      throw invalid;
    }
    if (typeof grant.exp !== 'number' || grant.exp < Date.now()) throw invalid;
    return grant;
  }
}

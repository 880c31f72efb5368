import { Readable } from 'node:stream';
import { LogSessionCreate, LogSessionResponse, LogSessionService } from '@slipway/core';
import { z } from 'zod';
import { route } from '../route.js';

/** Where log-session streams are served: public routes, since the URL carries its own signed token. */
export const LOG_SESSION_PREFIX = '/log-sessions/';

/** POST /apps/{app}/log-sessions and the stream its URL points at */
export const logSessionRoutes = [
  route({
    method: 'post',
    path: '/apps/:app/log-sessions',
    summary: 'Create a log session: a short-lived URL streaming the last lines (and, with tail, following)',
    tag: 'Log Sessions',
    body: LogSessionCreate,
    response: LogSessionResponse,
    status: 201,
    handler: async ({ params, body, principal, resolve, ctx }) => {
      const s = await resolve(LogSessionService).create(principal, params.app!, body);
      const at = s.created_at.toISOString();
      return { created_at: at, id: s.id, logplex_url: `${ctx.protocol}://${ctx.host}${LOG_SESSION_PREFIX}${s.token}`, updated_at: at };
    },
  }),
  route({
    method: 'get',
    path: `${LOG_SESSION_PREFIX}:token`,
    summary: 'Read a log session (no Authorization header: the URL carries a signed token)',
    tag: 'Log Sessions',
    response: z.string(),
    public: true,
    handler: async ({ params, resolve, ctx }) => {
      const abort = new AbortController();
      ctx.req.once('close', () => abort.abort());
      const lines = await resolve(LogSessionService).open(params.token!, abort.signal);
      ctx.type = 'text/plain; charset=utf-8';
      // Streams flush line by line: a tail must reach curl as it happens, not when a buffer fills.
      ctx.set('Cache-Control', 'no-cache');
      ctx.set('X-Accel-Buffering', 'no');
      return Readable.from(lines);
    },
  }),
];

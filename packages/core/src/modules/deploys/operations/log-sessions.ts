import { LogSessionCreate, LogSessionResponse } from '../schemas/dynos.js';
import { LogSessionService } from '../services/log-sessions.js';
import { z } from 'zod';
import { route } from '../../../kernel/operation.js';

/** Where log-session streams are served: public routes, since the URL carries its own signed token. */
export const LOG_SESSION_PREFIX = '/log-sessions/';

/** POST /apps/{app}/log-sessions and the stream its URL points at */
export const logSessionRoutes = [
  route({
    method: 'post',
    path: '/apps/:app/log-sessions',
    summary: 'Create a log session: a short-lived URL streaming the last lines (and, with tail, following)',
    tag: 'Log Sessions',
    permission: 'app:read',
    body: LogSessionCreate,
    response: LogSessionResponse,
    status: 201,
    handler: async ({ params, body, principal, resolve, request }) => {
      const s = await resolve(LogSessionService).create(principal, params.app!, body);
      const at = s.created_at.toISOString();
      return { created_at: at, id: s.id, logplex_url: `${request.baseUrl}${LOG_SESSION_PREFIX}${s.token}`, updated_at: at };
    },
  }),
  route({
    method: 'get',
    path: `${LOG_SESSION_PREFIX}:token`,
    summary: 'Read a log session (no Authorization header: the URL carries a signed token)',
    tag: 'Log Sessions',
    response: z.string(),
    public: true,
    // Streams flush line by line: a tail must reach curl as it happens, not when a buffer fills.
    stream: 'text/plain; charset=utf-8',
    handler: async ({ params, resolve, request }) => resolve(LogSessionService).open(params.token!, request.signal),
  }),
];

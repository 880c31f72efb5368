import type { Context } from 'koa';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { RouteDef } from '@slipway/core';
import { operationId } from './operation-id.js';

/** Checks the body a handler answered with against its operation's schema, in place. */
export type ResponseCheck = (ctx: Context, def: RouteDef) => void;

/**
 * A check that turns a body its schema refuses into a loud 500 carrying the zod issues, and logs it. The body is
 * checked as the client will read it (after JSON), so a Date or an undefined field is judged as it goes on the wire.
 */
export function responseCheck(log: Logger): ResponseCheck {
  const schemas = new Map<RouteDef, z.ZodType>();
  return (ctx, def) => {
    let schema = schemas.get(def);
    if (!schema) schemas.set(def, (schema = def.list ? z.array(def.response) : def.response));
    const wire: unknown = ctx.body === undefined ? undefined : JSON.parse(JSON.stringify(ctx.body));
    const result = schema.safeParse(wire);
    if (result.success) return;
    const operation = operationId(def);
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    log.error({ requestId: ctx.state.requestId, operation, issues }, 'response does not match its schema');
    ctx.status = 500;
    ctx.body = { id: 'response_mismatch', message: `The ${operation} answer does not match its documented schema: ${issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; ')}`, code: 500, issues };
  };
}

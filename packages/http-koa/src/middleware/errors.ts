import type { Context, Next } from 'koa';
import { z } from 'zod';
import {
  BadRequestError,
  ConcurrencyError,
  ConflictError,
  DriverUnavailableError,
  ForbiddenError,
  NotFoundError,
  PermissionDeniedError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
  isPlatformError,
  type PlatformError,
} from '@slipway/core';
import type { Logger } from 'pino';

/** The one table from core error classes to HTTP statuses. */
const STATUS: Array<[new (...a: never[]) => PlatformError, number]> = [
  [NotFoundError, 404],
  [ConcurrencyError, 409],
  [ConflictError, 409],
  [BadRequestError, 400],
  [ValidationError, 422],
  [UnprocessableError, 422],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [DriverUnavailableError, 503],
];

/** Status for a core error (500 for an unknown subclass). */
export function statusOf(err: PlatformError): number {
  return STATUS.find(([cls]) => err instanceof cls)?.[1] ?? 500;
}

/** Writes the JSON error body `{ id, message, code, field? }`. */
export function sendError(ctx: Context, status: number, id: string, message: string, field?: string): void {
  ctx.status = status;
  ctx.body = field === undefined ? { id, message, code: status } : { id, message, code: status, field };
}

/** First issue of a zod error as a message naming its field. */
export function describeZodError(err: z.ZodError): { message: string; field: string } {
  const issue = err.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'body';
  return { message: issue.path.length && !issue.message.includes(String(issue.path[0])) ? `${field}: ${issue.message}` : issue.message, field };
}

/** The status logged for a request whose client went away before its answer (nginx's 499); nothing is sent. */
export const CLIENT_CLOSED_REQUEST = 499;

/** True when the client closed the connection before the response was written: there is no one left to answer. */
export function clientAborted(ctx: Context): boolean {
  return ctx.res.destroyed && !ctx.res.writableFinished;
}

/** Maps every thrown error to a status and JSON body in one place; unknown errors are logged and become 500. */
export function errorMiddleware(log: Logger) {
  return async function errors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) sendError(ctx, 404, 'not_found', `No route for ${ctx.method} ${ctx.path}`);
    } catch (err) {
      // A read of the body cut by the client (or anything failing because of it) is the client's doing, not a fault.
      if (clientAborted(ctx)) {
        log.info({ requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, error: (err as Error)?.message }, 'client aborted the request');
        ctx.status = CLIENT_CLOSED_REQUEST;
        return;
      }
      if (err instanceof PermissionDeniedError) {
        sendError(ctx, 403, err.code, err.message);
        (ctx.body as Record<string, unknown>).permission = err.permission;
        return;
      }
      if (isPlatformError(err)) {
        sendError(ctx, statusOf(err), err.code, err.message, err.field);
        if (err.details) Object.assign(ctx.body as Record<string, unknown>, err.details);
        return;
      }
      if (err instanceof z.ZodError) {
        const { message, field } = describeZodError(err);
        return sendError(ctx, 422, 'invalid_params', message, field);
      }
      const status = (err as { status?: number }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return sendError(ctx, status, status === 413 ? 'payload_too_large' : 'bad_request', (err as Error).message);
      }
      log.error({ err, requestId: ctx.state.requestId }, 'unhandled error');
      sendError(ctx, 500, 'internal_error', 'Internal server error; the request id identifies it in the logs.');
    }
  };
}

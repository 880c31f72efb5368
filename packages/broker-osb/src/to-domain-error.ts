import {
  BadRequestError,
  ConcurrencyError,
  ConflictError,
  DriverUnavailableError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
  type PlatformError,
} from '@slipway/core';
import type { HttpAnswer, NoAnswer } from './transport.js';

/** What was being attempted, for messages ("provision", "catalog", "poll of bind" ...). */
export interface ErrorContext {
  broker: string;
  url: string;
  action: string;
}

/** The broker's user-facing `description` (and `error` code), one line, bounded. */
export function brokerError(json: unknown): { code: string | null; description: string | null } {
  if (json === null || typeof json !== 'object') return { code: null, description: null };
  const { error, description } = json as { error?: unknown; description?: unknown };
  const clean = (v: unknown) => (typeof v === 'string' && v.trim() ? v.replace(/\s+/g, ' ').trim().slice(0, 300) : null);
  return { code: clean(error), description: clean(description) };
}

/**
 * The one place that turns broker trouble into core errors. Broker misbehaviour and outages become
 * DriverUnavailableError (the user cannot fix them); rejections of what the user asked keep the
 * broker's own description, which OSB defines as user-facing.
 */
export function toDomainError(answer: HttpAnswer | NoAnswer, ctx: ErrorContext): PlatformError {
  const who = `addon broker "${ctx.broker}"`;
  if (answer.kind !== 'http') {
    return new DriverUnavailableError(
      answer.kind === 'unreachable'
        ? `${who} is unreachable at ${ctx.url} (${answer.detail}); ${ctx.action} was not sent`
        : `${who} did not answer ${ctx.action} (${answer.detail})`,
    );
  }

  const { status } = answer;
  const { code, description } = brokerError(answer.json);
  const said = description ? `: ${description}` : '';
  if (status >= 200 && status < 300) {
    return new DriverUnavailableError(
      answer.malformed
        ? `${who} answered ${ctx.action} with ${status} and a malformed body`
        : `${who} answered ${ctx.action} with an unexpected status ${status}`,
    );
  }
  if (status === 422) {
    if (code === 'ConcurrencyError') return new ConcurrencyError(`${who} is busy with another operation on this resource; try again shortly${said}`);
    if (code === 'MaintenanceInfoConflict') {
      return new ConflictError(`${who} has a different maintenance version for this plan; reload the catalog and retry${said}`, 'maintenance_info');
    }
    if (code === 'RequiresApp') return new ValidationError(`${who} requires the binding to name an app${said}`, 'app');
    if (code === 'AsyncRequired') return new UnprocessableError(`${who} requires asynchronous operations for ${ctx.action}${said}`);
    return new UnprocessableError(`${who} refused ${ctx.action}${said || ' (422)'}`);
  }
  if (status === 400) return new BadRequestError(`${who} rejected ${ctx.action} as invalid${said}`);
  if (status === 409) return new ConflictError(`${who} already has this resource with different attributes${said}`);
  if (status === 404 || status === 410) return new NotFoundError(`${who} does not know this resource (${status})${said}`);
  if (status === 401 || status === 403) return new DriverUnavailableError(`${who} refused the platform's credentials (${status})`);
  if (status === 412) return new DriverUnavailableError(`${who} does not accept the configured X-Broker-API-Version${said}`);
  if (status >= 500) return new DriverUnavailableError(`${who} failed ${ctx.action} (${status})${said}`);
  return new DriverUnavailableError(`${who} answered ${ctx.action} with status ${status}${said}`);
}

/** Whether the same request may succeed later unchanged. */
export function isRetryable(answer: HttpAnswer | NoAnswer): boolean {
  if (answer.kind !== 'http') return true;
  if (answer.status === 408 || answer.status === 429 || answer.status >= 500) return true;
  return answer.status === 422 && brokerError(answer.json).code === 'ConcurrencyError';
}

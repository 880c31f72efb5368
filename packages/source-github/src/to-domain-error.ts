import { RequestError } from '@octokit/request-error';
import {
  ConflictError,
  DriverUnavailableError,
  ForbiddenError,
  isPlatformError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
  type PlatformError,
} from '@slipway/core';

interface GitHubErrorBody {
  message?: string;
  errors?: Array<{ message?: string; code?: string; field?: string } | string>;
}

function bodyOf(err: RequestError): GitHubErrorBody {
  const data = err.response?.data;
  return data && typeof data === 'object' ? (data as GitHubErrorBody) : {};
}

function details(body: GitHubErrorBody): string {
  const extra = (body.errors ?? []).map((e) => (typeof e === 'string' ? e : (e.message ?? e.code ?? ''))).filter(Boolean);
  return [body.message, ...extra].filter(Boolean).join(': ');
}

/**
 * Turns what Octokit (or the archive download) threw into a core error. `what` names the object for messages,
 * e.g. `repository acme/api`. Messages carry GitHub's own text and never a token or a signed URL.
 */
export function toDomainError(err: unknown, what: string): PlatformError | Error {
  if (isPlatformError(err)) return err;
  if (err instanceof RequestError) {
    const body = bodyOf(err);
    const headers = err.response?.headers ?? {};
    const text = details(body);
    switch (err.status) {
      case 401:
        return new UnauthorizedError(`GitHub rejected the credential for ${what}`);
      case 403:
      case 429:
        if (err.status === 429 || headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(text)) {
          return new DriverUnavailableError(`GitHub rate limit reached (${what}); try again later`);
        }
        return new ForbiddenError(`GitHub refused access to ${what}${text ? `: ${text}` : ''}`);
      case 404:
        return new NotFoundError(`${what} was not found on GitHub, or the credential cannot see it`);
      case 409:
        return new ConflictError(`GitHub: ${text || `conflict on ${what}`}`);
      case 422:
        if (/no commit found/i.test(text)) return new NotFoundError(`${what}: no such commit on GitHub`);
        return new ValidationError(`GitHub rejected the request for ${what}${text ? `: ${text}` : ''}`);
      default:
        if (err.status >= 500 || err.status === 0) return new DriverUnavailableError(`GitHub is unavailable (${what}): ${err.message.split(' - ')[0]}`);
        return new DriverUnavailableError(`GitHub answered ${err.status} for ${what}`);
    }
  }
  const e = err as Error;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || e instanceof TypeError) {
    return new DriverUnavailableError(`GitHub is unreachable (${what}): ${e.message}`);
  }
  return e;
}

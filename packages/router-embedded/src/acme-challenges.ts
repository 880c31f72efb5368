import type { Http01Responder } from '@slipway/core';

/** Path prefix ACME http-01 validation requests use. */
export const ACME_CHALLENGE_PREFIX = '/.well-known/acme-challenge/';

/** In-memory http-01 answers, served on every host the router listens for. */
export class ChallengeStore implements Http01Responder {
  private readonly answers = new Map<string, string>();

  /** Starts answering `token` with `keyAuthorization`. */
  async set(token: string, keyAuthorization: string): Promise<void> {
    this.answers.set(token, keyAuthorization);
  }

  /** Stops answering `token`. */
  async remove(token: string): Promise<void> {
    this.answers.delete(token);
  }

  /** The key authorization for a request path, when it is a challenge path with a known token. */
  answerFor(path: string): string | undefined {
    if (!path.startsWith(ACME_CHALLENGE_PREFIX)) return undefined;
    return this.answers.get(path.slice(ACME_CHALLENGE_PREFIX.length));
  }
}

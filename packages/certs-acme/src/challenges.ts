import type acme from 'acme-client';
import type { Http01Responder } from '@slipway/core';

/** Publishes and withdraws dns-01 TXT records (`name` is `_acme-challenge.<domain>`); `set` resolves once the record is visible to the CA. */
export interface Dns01Hook {
  set(name: string, value: string): Promise<void>;
  remove(name: string, value: string): Promise<void>;
}

/** Whoever can answer challenges for this issuer. */
export interface ChallengeAnswerers {
  http01?: Http01Responder;
  dns01?: Dns01Hook;
}

type Authorization = acme.Authorization;
type Challenge = Authorization['challenges'][number] & { token?: string };

/** The challenge this issuer answers for `authz`: dns-01 for a wildcard (the only kind allowed), else http-01 first. */
export function pickChallenge(authz: Authorization, answerers: ChallengeAnswerers): Challenge | null {
  const offered = (type: string) => authz.challenges.find((c) => c.type === type) as Challenge | undefined;
  const dns = answerers.dns01 ? offered('dns-01') : undefined;
  if (authz.wildcard) return dns ?? null;
  return (answerers.http01 ? offered('http-01') : undefined) ?? dns ?? null;
}

function dnsName(authz: Authorization): string {
  return `_acme-challenge.${authz.identifier.value.replace(/^\*\./, '')}`;
}

/** Makes the answer to `challenge` available (idempotent: a re-run job publishes the same answer again). */
export async function publish(client: acme.Client, authz: Authorization, challenge: Challenge, answerers: ChallengeAnswerers): Promise<void> {
  const keyAuthorization = await client.getChallengeKeyAuthorization(challenge);
  if (challenge.type === 'http-01') await answerers.http01!.set(challenge.token!, keyAuthorization);
  else await answerers.dns01!.set(dnsName(authz), keyAuthorization);
}

/** Withdraws what `publish` made available; failures are left to the record's own expiry (a stale token is harmless). */
export async function withdraw(client: acme.Client, authz: Authorization, answerers: ChallengeAnswerers): Promise<void> {
  const challenge = pickChallenge(authz, answerers);
  if (!challenge) return;
  try {
    const keyAuthorization = await client.getChallengeKeyAuthorization(challenge);
    if (challenge.type === 'http-01') await answerers.http01!.remove(challenge.token!);
    else await answerers.dns01!.remove(dnsName(authz), keyAuthorization);
  } catch {
    // Cleanup is best effort by design; the certificate is what matters.
  }
}

/** The CA's reason an authorization failed, from its challenge's problem document. */
export function authorizationFailure(authz: Authorization): string {
  const failed = authz.challenges.find((c) => c.status === 'invalid' && c.error) as (Challenge & { error?: { detail?: string; type?: string } }) | undefined;
  const detail = failed?.error?.detail ?? failed?.error?.type ?? `authorization ${authz.status}`;
  return `${authz.identifier.value}: ${detail}`;
}

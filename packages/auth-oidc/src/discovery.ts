import { DriverUnavailableError } from '@slipway/core';

/** The URL of an issuer's OpenID Provider configuration document (OIDC Discovery 1.0, section 4). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * Reads the issuer's `jwks_uri` from its discovery document. The document must name the same issuer
 * (Discovery section 4.3), so a misconfigured or spoofed endpoint cannot hand us another issuer's keys.
 */
export async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<string> {
  const url = discoveryUrl(issuer);
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'error' });
  if (!res.ok) throw new DriverUnavailableError(`OIDC discovery answered ${res.status}`);
  const doc = (await res.json().catch(() => null)) as { issuer?: unknown; jwks_uri?: unknown } | null;
  if (!doc || typeof doc !== 'object') throw new DriverUnavailableError('OIDC discovery did not return a JSON object');
  if (doc.issuer !== issuer) throw new DriverUnavailableError('OIDC discovery names a different issuer than configured');
  if (typeof doc.jwks_uri !== 'string' || !/^https?:\/\//.test(doc.jwks_uri)) throw new DriverUnavailableError('OIDC discovery has no usable jwks_uri');
  return doc.jwks_uri;
}

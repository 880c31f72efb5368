import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** A signing key of the test issuer. */
export interface IssuerKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A real OIDC issuer on loopback: discovery document and JWKS over HTTP, tokens signed with jose. */
export interface JwksIssuer {
  issuer: string;
  jwksUri: string;
  /** Keys currently published in the JWKS; the first one signs by default. */
  keys: IssuerKey[];
  /** How often each document was fetched. */
  hits: { discovery: number; jwks: number };
  /** Overrides fields of the discovery document (e.g. a wrong issuer). */
  discoveryOverride: Record<string, unknown>;
  /** Signs a token; `exp` defaults to now + 5 minutes, `iat` to now. */
  sign(claims: JWTPayload, opts?: { key?: IssuerKey; expSecondsFromNow?: number }): Promise<string>;
  /** Publishes a fresh key (first, so it signs from now on); with `dropOld`, the old ones leave the JWKS. */
  rotate(dropOld?: boolean): Promise<IssuerKey>;
  /** A key that is never published. */
  strayKey(): Promise<IssuerKey>;
  close(): Promise<void>;
}

/** Makes an RS256 key pair with a random kid. */
export async function newKey(): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** Starts the issuer on a free loopback port. */
export async function startJwksIssuer(): Promise<JwksIssuer> {
  const state: JwksIssuer = {
    issuer: '',
    jwksUri: '',
    keys: [await newKey()],
    hits: { discovery: 0, jwks: 0 },
    discoveryOverride: {},
    async sign(claims, opts = {}) {
      const key = opts.key ?? state.keys[0]!;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: state.issuer, iat: now, exp: now + (opts.expSecondsFromNow ?? 300), ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey);
    },
    async rotate(dropOld = false) {
      const key = await newKey();
      state.keys = dropOld ? [key] : [key, ...state.keys];
      return key;
    },
    strayKey: newKey,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      state.hits.discovery++;
      return res.end(JSON.stringify({ issuer: state.issuer, jwks_uri: state.jwksUri, ...state.discoveryOverride }));
    }
    if (req.url === '/jwks') {
      state.hits.jwks++;
      return res.end(JSON.stringify({ keys: state.keys.map((k) => k.publicJwk) }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.issuer = base;
  state.jwksUri = `${base}/jwks`;
  return state;
}

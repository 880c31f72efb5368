import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors } from 'oidc-provider';

/** A real OpenID Provider (oidc-provider) on loopback that issues client-credentials access tokens as JWTs. */
export interface ProviderPeer {
  /** Where it listens. */
  url: string;
  /** The `iss` it puts in tokens (its own URL unless told otherwise). */
  issuer: string;
  /** Gets an access token for `resource` by the client-credentials grant; `short` = a client whose tokens live 1 s. */
  token(resource: string, opts?: { short?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/** The API resources the provider knows. */
export const RESOURCES = { api: 'urn:slipway:api', other: 'urn:other:api' } as const;

/** Starts a provider; with `issuer`, it claims that issuer name (to impersonate another provider with its own keys). */
export async function startProvider(opts: { issuer?: string } = {}): Promise<ProviderPeer> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = opts.issuer ?? url;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      { client_id: 'ci', client_secret: 'ci-secret-value', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_post' },
      { client_id: 'ci-short', client_secret: 'ci-short-secret', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_post' },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'k1', alg: 'RS256', use: 'sig' } as never] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCES.api,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => {
          if (resource !== RESOURCES.api && resource !== RESOURCES.other) throw new errors.InvalidTarget();
          return { scope: 'apps', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: client.clientId === 'ci-short' ? 1 : 300, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    ttl: { ClientCredentials: (_ctx, _token, client) => (client.clientId === 'ci-short' ? 1 : 300) },
    extraTokenClaims: () => ({ roles: ['deployer'] }),
  });
  server.on('request', provider.callback());
  return {
    url,
    issuer,
    async token(resource, o = {}) {
      const [id, secret] = o.short ? ['ci-short', 'ci-short-secret'] : ['ci', 'ci-secret-value'];
      const res = await fetch(`${url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id!, client_secret: secret!, resource, scope: 'apps' }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!res.ok || !body.access_token) throw new Error(`token endpoint answered ${res.status}: ${body.error} ${body.error_description ?? ''}`);
      return body.access_token;
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

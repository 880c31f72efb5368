import { setTimeout as sleep } from 'node:timers/promises';
import { authenticatorContract } from '@slipway/testkit';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcAuthenticator } from '../src/index.js';
import { RESOURCES, startProvider, type ProviderPeer } from './oidc-provider-peer.js';

authenticatorContract(
  'oidcAuthenticator (oidc-provider, client credentials)',
  async () => {
    const op = await startProvider();
    // Claims the same issuer name with its own keys: its tokens are well formed but never issued by `op`.
    const impostor = await startProvider({ issuer: op.issuer });
    return {
      authenticator: oidcAuthenticator({ issuer: op.issuer, audience: RESOURCES.api, clockToleranceSec: 0, userClaim: 'client_id', rolesClaim: 'roles' }),
      validToken: async () => ({ token: await op.token(RESOURCES.api), principal: { id: 'ci', username: 'ci', roles: ['deployer'] } }),
      foreignToken: () => impostor.token(RESOURCES.api),
      expiredToken: async () => {
        const token = await op.token(RESOURCES.api, { short: true });
        // The short client's tokens live 1 s; wait until `exp` is past (with no skew allowed above).
        await sleep(Math.max(0, decodeJwt(token).exp! * 1000 - Date.now()) + 1100);
        return token;
      },
      teardown: async () => {
        await op.close();
        await impostor.close();
      },
    };
  },
  { expires: true, revocable: false },
);

describe('oidcAuthenticator against oidc-provider', () => {
  let op: ProviderPeer;
  beforeAll(async () => {
    op = await startProvider();
  });
  afterAll(() => op.close());

  it('discovers the provider and accepts its access tokens for our audience only', async () => {
    const auth = oidcAuthenticator({ issuer: op.issuer, audience: RESOURCES.api, clockToleranceSec: 30, rolesClaim: 'roles' });
    const token = await op.token(RESOURCES.api);
    expect(await auth.authenticate(token)).toEqual({ id: 'ci', username: 'ci', email: '', roles: ['deployer'] });
    expect(await auth.authenticate(await op.token(RESOURCES.other))).toBeNull();
    // The same token is refused by an authenticator that expects another issuer.
    const elsewhere = oidcAuthenticator({ issuer: `${op.issuer}/elsewhere`, audience: RESOURCES.api, clockToleranceSec: 30 });
    expect(await elsewhere.authenticate(token)).toBeNull();
  });
});

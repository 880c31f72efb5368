import { randomBytes } from 'node:crypto';
import {
  hashApiToken,
  IssuedTokenAuthenticator,
  mintApiToken,
  StaticTokenAuthenticator,
  type ApiTokenLookup,
  type ApiTokenUser,
  type IssuedApiToken,
} from '@slipway/core';
import { authenticatorContract } from './authenticator-contract.js';

authenticatorContract(
  'StaticTokenAuthenticator',
  async () => {
    const alice = { id: 'u-alice', username: 'alice', email: 'alice@example.test', roles: ['admin'] };
    const token = randomBytes(20).toString('hex');
    return {
      authenticator: new StaticTokenAuthenticator([{ token, principal: alice }]),
      validToken: async () => ({ token, principal: alice }),
      foreignToken: async () => randomBytes(20).toString('hex'),
    };
  },
  { expires: false, revocable: false },
);

authenticatorContract(
  'IssuedTokenAuthenticator (in-memory token table)',
  async () => {
    // The table stands in for the identity repository: the authenticator only ever sees hashes.
    const rows = new Map<string, IssuedApiToken>();
    const user: ApiTokenUser = { id: 'u-bob', username: 'bob', email: 'bob@example.test', roles: [] };
    const lookup: ApiTokenLookup = {
      findByHash: async (hash) => {
        const token = rows.get(hash);
        return token ? { token: { ...token }, user } : null;
      },
    };
    const issue = (expires_at: Date | null) => {
      const m = mintApiToken();
      rows.set(m.hash, { id: `t-${rows.size + 1}`, user: user.id, hash: m.hash, expires_at, revoked_at: null });
      return m.token;
    };
    return {
      authenticator: new IssuedTokenAuthenticator(lookup),
      validToken: async () => ({ token: issue(new Date(Date.now() + 86_400_000)), principal: { id: 'u-bob', username: 'bob', roles: [] } }),
      foreignToken: async () => mintApiToken().token,
      expiredToken: async () => issue(new Date(Date.now() - 1000)),
      revoke: async (token) => {
        rows.get(hashApiToken(token))!.revoked_at = new Date();
      },
    };
  },
  { expires: true, revocable: true },
);

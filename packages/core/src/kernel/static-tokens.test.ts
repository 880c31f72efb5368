import { describe, expect, it } from 'vitest';
import { StaticTokenAuthenticator } from './static-tokens.js';

describe('StaticTokenAuthenticator', () => {
  const alice = { id: '1', username: 'alice', email: 'a@x', roles: [] };
  const bob = { id: '2', username: 'bob', email: 'b@x', roles: [] };
  const auth = new StaticTokenAuthenticator([
    { token: 'alice-token', principal: alice },
    { token: 'bob-token', principal: bob },
  ]);

  it('maps each token to its principal', async () => {
    expect(await auth.authenticate('alice-token')).toBe(alice);
    expect(await auth.authenticate('bob-token')).toBe(bob);
  });

  it('refuses unknown tokens, prefixes and extensions', async () => {
    for (const t of ['', 'alice', 'alice-token2', 'ALICE-TOKEN']) expect(await auth.authenticate(t)).toBeNull();
  });
});

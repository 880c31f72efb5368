import { describe, expect, it } from 'vitest';
import { StaticTokenAuthenticator } from '../../kernel/static-tokens.js';
import { DriverUnavailableError } from '../../errors.js';
import { AuthenticatorChain } from './authenticator-chain.js';

describe('AuthenticatorChain', () => {
  const a = { id: 'a', username: 'a', email: '', roles: [] };
  const b = { id: 'b', username: 'b', email: '', roles: [] };
  const chain = new AuthenticatorChain([new StaticTokenAuthenticator([{ token: 'ta', principal: a }]), new StaticTokenAuthenticator([{ token: 'tb', principal: b }])]);

  it('returns the first principal any authenticator gives, null when none does', async () => {
    expect(await chain.authenticate('ta')).toBe(a);
    expect(await chain.authenticate('tb')).toBe(b);
    expect(await chain.authenticate('tc')).toBeNull();
  });

  it('lets a failing authenticator\'s error through', async () => {
    const down = new AuthenticatorChain([{ authenticate: async () => Promise.reject(new DriverUnavailableError('idp down')) }]);
    await expect(down.authenticate('x')).rejects.toBeInstanceOf(DriverUnavailableError);
  });
});

import { instanceCachingFactory } from 'tsyringe';
import { AUTHENTICATOR, type Authenticator } from '../../kernel/authenticator.js';
import type { PlatformModule } from '../../kernel/module.js';
import { UNIT_OF_WORK } from '../../kernel/unit-of-work.js';
import { APP_CLEANUPS } from '../foundation/services/apps.js';
import { API_TOKEN_LOOKUP, type ApiTokenLookup } from './api-token-lookup.js';
import { AUTHORIZER } from './authorizer.js';
import { GRANT_SOURCE } from './grant-source.js';
import { GrantAuthorizer } from './grant-authorizer.js';
import { IssuedTokenAuthenticator } from './issued-token-authenticator.js';
import { memberRoutes } from './operations/memberships.js';
import { tokenRoutes } from './operations/tokens.js';
import { FirstSightAuthenticator } from './services/first-sight.js';
import { IdentityService } from './services/identity.js';
import { storeApiTokenLookup, storeGrantSource } from './services/store-grants.js';

/** The identity module, plus the authenticator of the tokens it issues (for the host's AuthenticatorChain). */
export interface IdentityModule extends PlatformModule {
  /**
   * Authenticates `slw_` tokens this module issued. Usable once the platform is created (the module binds
   * it to the store as it registers); put it in the host's `AuthenticatorChain`.
   */
  readonly issuedTokens: Authenticator;
}

/**
 * Issued API tokens, users recorded on first sight, memberships at org, space and app scope, and the
 * Authorizer over them (which http-koa enforces per operation). Without this module any authenticated
 * caller may do anything.
 */
export function identity(): IdentityModule {
  let lookup: ApiTokenLookup | undefined;
  const bound: ApiTokenLookup = {
    findByHash: (hash) => {
      if (!lookup) throw new Error('identity(): issuedTokens used before createPlatform registered the module');
      return lookup.findByHash(hash);
    },
  };
  return {
    name: 'identity',
    operations: [...tokenRoutes, ...memberRoutes],
    issuedTokens: new IssuedTokenAuthenticator(bound),
    register(ctx) {
      const c = ctx.container;
      lookup = storeApiTokenLookup(ctx.uow);
      c.register(API_TOKEN_LOOKUP, { useValue: lookup });
      c.register(GRANT_SOURCE, { useValue: storeGrantSource(ctx.uow) });
      c.register(AUTHORIZER, { useFactory: instanceCachingFactory((r) => new GrantAuthorizer(r.resolve(GRANT_SOURCE))) });
      c.register(IdentityService, { useFactory: instanceCachingFactory((r) => new IdentityService(r.resolve(UNIT_OF_WORK))) });
      // Every principal, however authenticated, becomes a user row memberships can name.
      const inner = c.resolve(AUTHENTICATOR);
      c.register(AUTHENTICATOR, { useValue: new FirstSightAuthenticator(inner, ctx.uow) });
      ctx.extend(APP_CLEANUPS).push((tx, view) => tx.memberships.deleteAtScope('app', view.app.id));
    },
  };
}

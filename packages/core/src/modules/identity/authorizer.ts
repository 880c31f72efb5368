import type { InjectionToken } from 'tsyringe';
import type { ApiTokenCeiling } from './api-tokens.js';
import type { AccessTarget, Decision } from './grants.js';
import type { Permission } from '../../kernel/permissions.js';

/**
 * Who is asking, as far as authorization cares. A core `Principal` fits; a principal authenticated by an
 * issued API token also carries the token's ceiling.
 */
export interface AuthSubject {
  id: string;
  /** Platform-wide role names (static tokens, an identity provider's roles claim). */
  roles: readonly string[];
  /** Set when the request authenticated with a Slipway-issued API token. */
  token?: { id: string; ceiling?: ApiTokenCeiling };
}

/** Decides whether a principal may perform one operation on one org, space or app. */
export interface Authorizer {
  /** Resolves the decision; never throws for "not allowed" (the caller turns that into ForbiddenError). */
  authorize(principal: AuthSubject, permission: Permission, target: AccessTarget): Promise<Decision>;
}

/** DI token of the Authorizer. */
export const AUTHORIZER: InjectionToken<Authorizer> = Symbol.for('slipway.Authorizer');

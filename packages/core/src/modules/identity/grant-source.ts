import type { InjectionToken } from 'tsyringe';
import type { Grant } from './grants.js';

/** Where membership grants are kept (the identity module's repository implements it). */
export interface GrantSource {
  /** Every grant of one user, at any scope; empty when it has none. */
  grantsOf(userId: string): Promise<Grant[]>;
}

/** DI token of the GrantSource. */
export const GRANT_SOURCE: InjectionToken<GrantSource> = Symbol.for('slipway.GrantSource');

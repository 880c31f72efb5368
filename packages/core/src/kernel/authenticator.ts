import type { InjectionToken } from 'tsyringe';

/** Who is making a request. */
export interface Principal {
  id: string;
  username: string;
  email: string;
  roles: string[];
}

/** Turns a presented token into a principal; null when the token is not valid. */
export interface Authenticator {
  /** Must compare secrets in constant time. */
  authenticate(token: string): Promise<Principal | null>;
}

/** The principal used for work the platform does on its own (jobs, start-up). */
export const SYSTEM_PRINCIPAL: Principal = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  email: '',
  roles: ['admin'],
};

/** DI token of the Authenticator. */
export const AUTHENTICATOR: InjectionToken<Authenticator> = Symbol.for('slipway.Authenticator');

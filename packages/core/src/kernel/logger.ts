import type { InjectionToken } from 'tsyringe';

/** Fields of one structured log line; never secrets or request/response bodies. */
export type LogFields = Record<string, unknown>;

/**
 * Where the kernel and modules write what an operator must see (failed jobs, failed deliveries). The shape is
 * pino's `(obj, msg)`, so a host passes its pino logger as is; core itself knows no logging library.
 */
export interface Logger {
  /** Detail for debugging. */
  debug(fields: LogFields, msg: string): void;
  /** Normal operation worth a line. */
  info(fields: LogFields, msg: string): void;
  /** Something failed and will be tried again. */
  warn(fields: LogFields, msg: string): void;
  /** Something failed for good. */
  error(fields: LogFields, msg: string): void;
}

/** The logger of a platform whose host gave none: drops every line. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** DI token of the platform's Logger (`createPlatform({ logger })`, silent by default). */
export const LOGGER: InjectionToken<Logger> = Symbol.for('slipway.Logger');

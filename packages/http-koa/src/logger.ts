import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Paths pino blanks in every log line: credentials, tokens and config values never reach the logs. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.credentials',
  '*.config_vars',
  'body',
];

/** The structured logger http-koa uses unless the host passes its own; `destination` defaults to stdout. */
export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const opts = { level: process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, ...options };
  return destination ? pino(opts, destination) : pino(opts);
}

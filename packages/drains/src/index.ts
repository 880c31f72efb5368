export * from './options.js';
export * from './backoff.js';
export * from './line-buffer.js';
export * from './rfc5424.js';
export * from './drop-notice.js';
export * from './domain-error.js';
export * from './transport.js';

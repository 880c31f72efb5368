export { OsbBroker, osbBroker } from './osb-broker.js';
export { osbBrokerOptionsSchema, parseOsbBrokerOptions, type OsbBrokerOptions, type ResolvedOsbBrokerOptions } from './options.js';
export { parseCatalog } from './catalog.js';
export { parseRetryAfter } from './retry-after.js';
export { toDomainError, isRetryable, brokerError, type ErrorContext } from './to-domain-error.js';
export type { HttpAnswer, NoAnswer } from './transport.js';

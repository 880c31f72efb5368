export * from './github-source.js';
export * from './options.js';
export { toDomainError } from './to-domain-error.js';

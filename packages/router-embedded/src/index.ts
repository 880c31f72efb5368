export * from './embedded-router.js';
export * from './error-pages.js';
export * from './host-names.js';
export * from './path-routes.js';
export * from './retry-policy.js';
export * from './domain-errors.js';

export * from './options.js';
export * from './claims.js';
export * from './discovery.js';
export * from './errors.js';
export * from './oidc-authenticator.js';

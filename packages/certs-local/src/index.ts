export * from './local-ca.js';
export * from './root-store.js';
export * from './sealer.js';

export * from './store.js';
export * from './options.js';
export * from './errors.js';
export * from './store-module.js';
export * from './store-modules.js';

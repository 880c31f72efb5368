export * from './postgres.js';
export * from './store-contract.js';
export * from './addon-broker-contract.js';

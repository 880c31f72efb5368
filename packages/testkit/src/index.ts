export * from './postgres.js';
export * from './store-contract.js';
export * from './addon-broker-contract.js';
export * from './docker-engine.js';
export * from './runtime-driver-contract.js';
export * from './build-driver-contract.js';
export * from './kube-fake/index.js';
export * from './self-signed-cert.js';

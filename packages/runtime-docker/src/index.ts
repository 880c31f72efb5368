export * from './connection.js';
export * from './errors.js';
export * from './labels.js';
export * from './dyno-state.js';
export * from './container-spec.js';
export * from './log-stream.js';
export * from './runtime-driver.js';
export * from './build-driver.js';

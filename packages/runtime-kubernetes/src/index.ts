export * from './runtime-driver.js';
export * from './options.js';
export * from './dyno-state.js';
export * from './crash.js';
export * from './names.js';
export * from './manifests.js';
export * from './errors.js';
export * from './events.js';

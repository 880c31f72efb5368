export * from './connection.js';
export * from './errors.js';
export * from './labels.js';
export * from './dyno-state.js';
export * from './container-spec.js';
/** Re-exported from the driver kit, where it now lives, so imports of it from here keep working. */
export { LogDemuxer } from '@slipway/driver-kit';
export * from './runtime-driver.js';
export * from './build-driver.js';
export * from './crash-code.js';
export * from './container-metrics.js';

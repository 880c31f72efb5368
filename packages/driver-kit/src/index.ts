export * from './keyed-mutex.js';
export * from './watcher-registry.js';
export * from './poll-until.js';
export * from './native-errors.js';
export * from './log-demuxer.js';
export * from './canonical-json.js';

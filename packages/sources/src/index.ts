export * from './errors.js';
export * from './sniff.js';
export { parseChecksum } from './checked-bytes.js';
export * from './open-source.js';
export * from './unpack-limits.js';
export * from './unpack-archive.js';
export * from './procfile.js';
export * from './source-fetcher.js';

export * from './errors.js';
export * from './guard.js';
export * from './guarded-lookup.js';
export * from './guarded-agents.js';
export * from './guarded-socket.js';
export * from './guarded-dispatcher.js';
export * from './guarded-fetch.js';

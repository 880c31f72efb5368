export * from './settings.js';
export * from './server.js';

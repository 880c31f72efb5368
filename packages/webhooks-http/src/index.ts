export * from './sender.js';

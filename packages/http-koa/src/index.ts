export * from './app.js';
export * from './range.js';
export * from './openapi.js';
export * from './logger.js';
export * from './middleware/errors.js';
export * from './middleware/auth.js';
export * from './middleware/body.js';
export * from './shutdown.js';

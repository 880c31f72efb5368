export * from './reconcile.js';
export * from './kube-errors.js';
export * from './kube-config.js';
export * from './merge-patch.js';
export * from './names.js';

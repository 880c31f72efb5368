export * from './gateway-api-router.js';
export * from './ingress-router.js';
export * from './options.js';
export * from './http-route.js';
export * from './ingress.js';
export * from './host-plan.js';
export * from './names.js';
export * from './errors.js';
export { TLS_COMPONENT, checkCertificate, type InstalledCertificate } from './tls-secrets.js';

export * from './acme-issuer.js';
export type { ChallengeAnswerers, Dns01Hook } from './challenges.js';

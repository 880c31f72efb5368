export * from './github-fake.js';
export type { SignatureHeader } from './deliveries.js';
export { ZERO_SHA } from './event-payloads.js';
export type { FakeCheckRun, FakeDelivery, FakeFile, FakeHook, FakePermission, FakeStatus } from './model.js';

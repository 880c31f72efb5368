import { slipwayProject } from '../../vitest.shared.js';

export default slipwayProject('@slipway/runtime-kubernetes', {
  // One Docker engine (found or started) and one busybox image for every test file; removed afterwards.
  globalSetup: ['./test/global-setup.ts'],
  testTimeout: 180_000,
});

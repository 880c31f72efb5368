import { slipwayProject } from '../../vitest.shared.js';

export default slipwayProject('@slipway/runtime-docker', {
  // One engine (found or started) and one busybox base image for every test file; removed afterwards.
  globalSetup: ['./test/docker-global-setup.ts'],
  testTimeout: 180_000,
});

import { slipwayProject } from '../../vitest.shared.js';

export default slipwayProject('@slipway/example-kubernetes', { testTimeout: 240_000 });

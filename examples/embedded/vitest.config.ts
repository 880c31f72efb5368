import { slipwayProject } from '../../vitest.shared.js';

// End-to-end files start real controllers, engines and containers; on a 2-core CI runner running every suite at once
// a single test can pass 30 s without being stuck, so the guard here is wider than the shared default.
export default slipwayProject('@slipway/example-embedded', { testTimeout: 120_000 });

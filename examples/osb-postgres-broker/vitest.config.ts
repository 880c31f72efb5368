import { slipwayProject } from '../../vitest.shared.js';

export default slipwayProject('@slipway/example-osb-postgres-broker');

import { slipwayProject } from '../../vitest.shared.js';

export default slipwayProject('@slipway/kube-kit');

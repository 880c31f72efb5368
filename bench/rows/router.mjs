// Bench row: requests/s of GET / through the embedded router vs the same backend hit directly (see ../router.mjs).
// Run as a child process by bench/run.mjs; prints one JSON line {figure, slipway, baseline, ratio, goal}.
// A proxy hop costs parsing and a second socket per request, so the goal is half the direct throughput or better.
import { benchRouter } from '../router.mjs';

const row = await benchRouter();
console.log(JSON.stringify({ ...row, goal: 'ratio >= 0.5' }));

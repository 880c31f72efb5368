// Bench rows: requests/s of GET / through the embedded router vs a bare node:http proxy in front of the same backend,
// and vs that backend hit directly (see ../router.mjs). Run as a child process by bench/run.mjs; prints one JSON line
// per row {figure, slipway, baseline, ratio, goal}. The goal is against the bare proxy, which pays the same second
// socket and parse per request: a Node proxy on this machine serves about a fifth of what the backend alone does.
import { benchRouter } from '../router.mjs';

const [bare, direct] = await benchRouter();
console.log(JSON.stringify({ ...bare, goal: '>= 0.5x' }));
console.log(JSON.stringify({ ...direct, goal: null }));

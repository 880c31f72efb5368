// The row convention shared by run.mjs and every bench/rows/*.mjs script. A row is one line of JSON on stdout:
//   {"figure": "...", "slipway": <number|string>, "baseline": <number|string|null>, "ratio": <number|null>,
//    "goal": <">= 0.8x"|string|null>, "unit": "req/s"?, "measured": <number>?}
// `measured` is the number a goal such as "< 150 MB" or "p99 < 200 ms" is about, when the Slipway figure is text.
// Anything else a row script wants to say goes to stderr. Adding a figure to `npm run bench` = adding a file.

/** Prints one row on stdout for run.mjs to collect. */
export function emitRow(row) {
  if (typeof row.figure !== 'string' || row.slipway === undefined) throw new Error(`a bench row needs a figure and a slipway value: ${JSON.stringify(row)}`);
  process.stdout.write(`${JSON.stringify({ baseline: null, ratio: null, goal: null, ...row })}\n`);
}

/** Slipway's figure over the baseline's, to two places (higher is better for throughput figures). */
export const ratio = (slipway, baseline) => (typeof slipway === 'number' && typeof baseline === 'number' && baseline > 0 ? +(slipway / baseline).toFixed(2) : null);

/**
 * Whether a row meets its goal: true/false for a `>= Nx` goal on a numeric ratio, or for a `< N <unit>` or
 * `>= N <unit>` goal on a number in that unit: the row's `measured` (what the goal is about, when its Slipway figure
 * is text such as "p50 / p99") or else its numeric Slipway figure. Null when there is no goal it can judge.
 */
export function goalMet(row) {
  const goal = typeof row.goal === 'string' ? row.goal.trim() : '';
  const x = /^>=\s*([\d.]+)x$/.exec(goal);
  if (x) return typeof row.ratio === 'number' ? row.ratio >= Number(x[1]) : null;
  const m = /^(?:\S+\s+)?(<|>=)\s*([\d.]+)\s*(\S+)?$/.exec(goal);
  const value = typeof row.measured === 'number' ? row.measured : typeof row.slipway === 'number' ? row.slipway : null;
  if (!m || value === null) return null;
  // A Slipway figure in another unit than the goal's says nothing about it (a `measured` is in the goal's unit).
  if (typeof row.measured !== 'number' && m[3] && m[3] !== row.unit) return null;
  return m[1] === '<' ? value < Number(m[2]) : value >= Number(m[2]);
}

/** The rows as a Markdown table: figure, Slipway, baseline, ratio, goal, met, and the server-CPU-per-request ratio. */
export function markdownTable(rows) {
  const cell = (v, unit) => (v === null || v === undefined ? '-' : typeof v === 'number' ? `${v}${unit ? ` ${unit}` : ''}` : String(v));
  const lines = [
    ['figure', 'Slipway', 'baseline', 'ratio', 'goal', 'met', 'CPU ratio'],
    ...rows.map((r) => {
      const met = r.error ? 'ERROR' : goalMet(r);
      return [r.figure, cell(r.slipway, r.unit), cell(r.baseline, r.unit), r.ratio === null ? '-' : r.ratio.toFixed(2), r.goal ?? '-', met === null ? '-' : met === true ? 'yes' : met === false ? 'no' : met, typeof r.cpu_ratio === 'number' ? r.cpu_ratio.toFixed(2) : '-'];
    }),
  ];
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const fmt = (l) => `| ${l.map((v, c) => (c === 0 || c === 4 || c === 5 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(' | ')} |`;
  return [fmt(lines[0]), `|${widths.map((w, c) => (c === 0 || c === 4 || c === 5 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...lines.slice(1).map(fmt)].join('\n');
}

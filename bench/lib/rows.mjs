// The row convention shared by run.mjs and every bench/rows/*.mjs script. A row is one line of JSON on stdout:
//   {"figure": "...", "slipway": <number|string>, "baseline": <number|string|null>, "ratio": <number|null>,
//    "goal": <">= 0.8x"|string|null>, "unit": "req/s"?}
// Anything else a row script wants to say goes to stderr. Adding a figure to `npm run bench` = adding a file.

/** Prints one row on stdout for run.mjs to collect. */
export function emitRow(row) {
  if (typeof row.figure !== 'string' || row.slipway === undefined) throw new Error(`a bench row needs a figure and a slipway value: ${JSON.stringify(row)}`);
  process.stdout.write(`${JSON.stringify({ baseline: null, ratio: null, goal: null, ...row })}\n`);
}

/** Slipway's figure over the baseline's, to two places (higher is better for throughput figures). */
export const ratio = (slipway, baseline) => (typeof slipway === 'number' && typeof baseline === 'number' && baseline > 0 ? +(slipway / baseline).toFixed(2) : null);

/**
 * Whether a row meets its goal: true/false for a `>= Nx` goal on a numeric ratio, or for a `< N <unit>` goal on a
 * numeric Slipway figure in that unit (a latency, say); null when there is none.
 */
export function goalMet(row) {
  const below = typeof row.goal === 'string' ? /^<\s*([\d.]+)\s*(\S+)?$/.exec(row.goal.trim()) : null;
  if (below && typeof row.slipway === 'number' && (!below[2] || below[2] === row.unit)) return row.slipway < Number(below[1]);
  const m = typeof row.goal === 'string' ? /^>=\s*([\d.]+)x$/.exec(row.goal.trim()) : null;
  if (!m || typeof row.ratio !== 'number') return null;
  return row.ratio >= Number(m[1]);
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

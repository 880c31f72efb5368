// Per-statement timings of a process's SQLite driver, to see where a transaction's time goes. Load it into the bench's
// server processes with NODE_OPTIONS=--import=./bench/tools/sqlite-timeline.mjs (run from the repository's root) and
// set BENCH_SQLITE_TIMELINE=<dir>: each process that ran statements writes <dir>/sqlite-timeline.<pid>.txt when it
// exits, with every prepared statement's count and latency (queued to answered), how long the call that queues it
// blocks the event loop, how long each transaction holds the writer (BEGIN queued to COMMIT answered), and the gaps
// between one writer statement's answer and the next one's queueing. Statements knex prepares per call are counted
// apart, without text. A measuring aid only: it wraps the driver and slows it a little.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from '../lib/stats.mjs';

const dir = process.env.BENCH_SQLITE_TIMELINE;
const require = createRequire(join(process.cwd(), 'node_modules', '.'));
let sqlite3;
try {
  sqlite3 = require('sqlite3');
} catch {
  sqlite3 = undefined;
}

if (dir && sqlite3) {
  const now = () => Number(process.hrtime.bigint()) / 1000;
  const statements = [];
  const blocking = [];
  const connections = new WeakMap();
  const textOf = new WeakMap();
  let nextConnection = 0;
  const connectionOf = (db) => {
    if (!connections.has(db)) connections.set(db, nextConnection++);
    return connections.get(db);
  };
  const prepare = sqlite3.Database.prototype.prepare;
  sqlite3.Database.prototype.prepare = function (sql, ...rest) {
    const st = prepare.call(this, sql, ...rest);
    textOf.set(st, { sql: String(sql).replace(/\s+/g, ' ').slice(0, 60), connection: connectionOf(this) });
    return st;
  };
  const all = sqlite3.Statement.prototype.all;
  sqlite3.Statement.prototype.all = function (...args) {
    const known = textOf.get(this) ?? { sql: '(prepared per call)', connection: -1 };
    const queued = now();
    const cb = args[args.length - 1];
    if (typeof cb === 'function') {
      args[args.length - 1] = function (...answer) {
        statements.push([known.connection, known.sql, queued, now()]);
        return cb.apply(this, answer);
      };
    }
    const result = all.apply(this, args);
    blocking.push(now() - queued);
    return result;
  };

  const quantiles = (values) => `median ${percentile(values, 50) ?? '-'} µs, p90 ${percentile(values, 90) ?? '-'} µs, p99 ${percentile(values, 99) ?? '-'} µs`;
  const summary = () => {
    const lines = [`statements answered: ${statements.length}`, `queueing call (blocks the event loop): ${quantiles(blocking)}, mean ${(blocking.reduce((s, x) => s + x, 0) / Math.max(1, blocking.length)).toFixed(1)} µs`, '', 'by statement (connection, text): count, latency'];
    const by = new Map();
    for (const [c, sql, q, a] of statements) {
      const key = `${c} ${sql}`;
      if (!by.has(key)) by.set(key, []);
      by.get(key).push(a - q);
    }
    for (const [key, v] of [...by].sort((a, b) => b[1].length - a[1].length).slice(0, 30)) lines.push(`${String(v.length).padStart(7)}  ${quantiles(v)}  ${key}`);
    // The writer is the connection that runs BEGIN: hold from each BEGIN queued to the COMMIT answered after it.
    const writer = statements.filter((s) => s[1] === 'BEGIN;').map((s) => s[0])[0];
    if (writer !== undefined) {
      const w = statements.filter((s) => s[0] === writer).sort((a, b) => a[2] - b[2]);
      const holds = [];
      let begun = null;
      for (const [, sql, q, a] of w) {
        if (sql === 'BEGIN;') begun = q;
        else if (sql === 'COMMIT;' && begun !== null) {
          holds.push(a - begun);
          begun = null;
        }
      }
      lines.push('', `writer (connection ${writer}) held per transaction: ${quantiles(holds)} over ${holds.length}`, '', 'writer gaps, one statement answered to the next queued (negative: queued before the previous answered)');
      const gaps = new Map();
      for (let i = 1; i < w.length; i++) {
        const key = `${w[i - 1][1].slice(0, 28)} -> ${w[i][1].slice(0, 28)}`;
        if (!gaps.has(key)) gaps.set(key, []);
        gaps.get(key).push(w[i][2] - w[i - 1][3]);
      }
      for (const [key, v] of [...gaps].sort((a, b) => b[1].length - a[1].length).slice(0, 12)) lines.push(`${String(v.length).padStart(7)}  ${quantiles(v)}  ${key}`);
    }
    return `${lines.join('\n')}\n`;
  };
  const dump = () => {
    if (statements.length) writeFileSync(join(dir, `sqlite-timeline.${process.pid}.txt`), summary());
  };
  process.on('exit', dump);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      dump();
      process.exit(0);
    });
  }
}

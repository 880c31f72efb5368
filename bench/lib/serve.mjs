// The life of one server process of the bench: read the config the orchestrator passed, start serving, say
// `{"ready": ...}`, and on SIGTERM drain in-flight requests before the store closes, then say `{"stopped": ...}`.
import { gracefulShutdown } from '../../packages/http-koa/dist/index.js';

/** The JSON config the orchestrator passed as the first argument. */
export const config = JSON.parse(process.argv[2] ?? '{}');

/** Prints one protocol line for the orchestrator. */
export const say = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`);

/**
 * Serves until SIGTERM: `start()` resolves with `{ server, ready, close }` (the http.Server, what to announce,
 * and how to release the store); the drain finishes before `close` runs, so no request sees a closed store.
 */
export async function serveUntilSignal(start, { drainTimeoutMs = 30_000 } = {}) {
  const { server, ready, close } = await start();
  const graceful = gracefulShutdown(server);
  // The orchestrator asks between load runs, so one run's abandoned requests never overlap the next run.
  process.on('message', (m) => m === 'inFlight' && process.send({ inFlight: graceful.inFlight }));
  // CPU time this process used so far (user + system, µs): per request it is a figure a neighbour's load on a
  // shared machine barely moves, unlike req/s.
  process.on('message', (m) => m === 'cpu' && process.send({ cpuMicros: (({ user, system }) => user + system)(process.cpuUsage()) }));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      const report = await graceful.shutdown({ timeoutMs: drainTimeoutMs });
      await close();
      say({ stopped: report });
      process.exit(report.cut > 0 ? 2 : 0);
    } catch (err) {
      process.stderr.write(`shutdown failed: ${err?.stack ?? err}\n`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', stop);
  // An orchestrator that died leaves no server behind holding its database.
  process.once('disconnect', stop);
  say({ ready });
}

#!/usr/bin/env node
import { gracefulShutdown } from '@slipway/http-koa';
import { fromEnv, startEmbedded } from './server.js';

const settings = fromEnv();
const running = await startEmbedded(settings);
// Tracked before the first request, so a signal drains the requests in flight before the store under them closes.
const graceful = gracefulShutdown(running.server);
const tokenNote = settings.tokenGenerated ? `${settings.token}  (generated; set SLIPWAY_TOKEN to choose one)` : '(from SLIPWAY_TOKEN)';
process.stdout.write(`Slipway listening on ${running.url}\n  store: ${settings.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}\n  runtime: ${running.runtime}\n  router: ${running.router ? `${running.router.url} (apps at http://{app}-{space}.${settings.appsDomain ?? 'apps.localhost'}:${running.router.port}/)` : 'off'}\n  certificates: ${running.certificates}\n  token: ${tokenNote}\n  try:   curl -H "Authorization: Bearer $TOKEN" ${running.url}/apps\n`);

let stopping = false;
const stop = async () => {
  // A second signal means "now": cut what is left (log tails would otherwise hold the drain to its timeout).
  if (stopping) {
    running.server.closeAllConnections();
    return;
  }
  stopping = true;
  // SLIPWAY_READY_GRACE_MS: how long /ready answers 503 before the listener closes, so a load balancer stops routing here first.
  const report = await graceful.shutdown({ timeoutMs: 10_000, announceMs: Math.max(0, Number(process.env.SLIPWAY_READY_GRACE_MS) || 0) });
  process.stdout.write(`Slipway stopped: ${report.drained} requests drained, ${report.cut} cut, ${report.idleClosed} idle connections closed\n`);
  await running.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

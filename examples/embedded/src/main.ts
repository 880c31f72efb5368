#!/usr/bin/env node
import { drainOnSignals, gracefulShutdown, operationsFromEnv } from '@slipway/http-koa';
import { fromEnv, startEmbedded } from './server.js';

const settings = fromEnv();
const running = await startEmbedded(settings);
// Tracked before the first request, so a signal drains the requests in flight before the store under them closes.
const graceful = gracefulShutdown(running.server);
const tokenNote = settings.tokenGenerated ? `${settings.token}  (generated; set SLIPWAY_TOKEN to choose one)` : '(from SLIPWAY_TOKEN)';
process.stdout.write(`Slipway listening on ${running.url}\n  store: ${settings.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}\n  runtime: ${running.runtime}\n  router: ${running.router ? `${running.router.url} (apps at http://{app}-{space}.${settings.appsDomain ?? 'apps.localhost'}:${running.router.port}/)` : 'off'}\n  certificates: ${running.certificates}\n  token: ${tokenNote}\n  try:   curl -H "Authorization: Bearer $TOKEN" ${running.url}/apps\n`);

// SIGTERM/SIGINT drain: /ready answers 503 for SLIPWAY_READY_GRACE_MS first, so a load balancer stops routing here; a second signal cuts what is left.
drainOnSignals(
  { server: running.server, graceful, close: () => running.close() },
  {
    announceMs: operationsFromEnv().readyGraceMs ?? 0,
    onDrained: (report) => process.stdout.write(`Slipway stopped: ${report.drained} requests drained, ${report.cut} cut, ${report.idleClosed} idle connections closed\n`),
    onStopped: () => process.exit(0),
  },
);

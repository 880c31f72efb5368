#!/usr/bin/env node
import { fromEnv, startEmbedded } from './server.js';

const settings = fromEnv();
const running = await startEmbedded(settings);
const tokenNote = settings.tokenGenerated ? `${settings.token}  (generated; set SLIPWAY_TOKEN to choose one)` : '(from SLIPWAY_TOKEN)';
process.stdout.write(`Slipway listening on ${running.url}\n  store: ${settings.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}\n  runtime: ${running.runtime}\n  router: ${running.router ? `${running.router.url} (apps at http://{app}-{space}.${settings.appsDomain ?? 'apps.localhost'}:${running.router.port}/)` : 'off'}\n  certificates: ${running.certificates}\n  token: ${tokenNote}\n  try:   curl -H "Authorization: Bearer $TOKEN" ${running.url}/apps\n`);

const stop = async () => {
  await running.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

#!/usr/bin/env node
import { fromEnv } from './settings.js';
import { startKubernetesHost } from './server.js';

const settings = fromEnv();
const running = await startKubernetesHost(settings);
const tokenNote = settings.tokenGenerated ? `${settings.token}  (generated; set SLIPWAY_TOKEN to choose one)` : '(from SLIPWAY_TOKEN)';
process.stdout.write(
  `Slipway listening on ${running.url}\n  store:   ${settings.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}\n  cluster: ${settings.kubeconfig ?? 'KUBECONFIG / ~/.kube/config / in-cluster'}\n  token:   ${tokenNote}\n`,
);

const stop = async () => {
  await running.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

#!/usr/bin/env node
import { drainOnSignals } from '@slipway/http-koa';
import { fromEnv } from './settings.js';
import { startKubernetesHost } from './server.js';

const settings = fromEnv();
const running = await startKubernetesHost(settings);
const tokenNote = settings.tokenGenerated ? `${settings.token}  (generated; set SLIPWAY_TOKEN to choose one)` : '(from SLIPWAY_TOKEN)';
process.stdout.write(
  `Slipway listening on ${running.url}\n  store:   ${settings.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}\n  cluster: ${settings.kubeconfig ?? 'KUBECONFIG / ~/.kube/config / in-cluster'}\n  token:   ${tokenNote}\n`,
);

// SIGTERM (the kubelet stopping the pod) and SIGINT drain: /ready answers 503 for SLIPWAY_READY_GRACE_MS so the
// Service's endpoints drop this pod, then requests in flight finish before the store closes; a second signal cuts.
drainOnSignals(running, {
  announceMs: settings.readyGraceMs ?? 0,
  onDrained: (report) => process.stdout.write(`Slipway stopped: ${report.drained} requests drained, ${report.cut} cut, ${report.idleClosed} idle connections closed\n`),
  onStopped: () => process.exit(0),
});

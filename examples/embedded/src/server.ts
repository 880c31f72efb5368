import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { AddressPolicy, StaticTokenAuthenticator, addons, createPlatform, deploys, webhooks, type DeployOptions, type Platform, type PollPolicy } from '@slipway/core';
import { openMikroOrmStore } from '@slipway/store-mikroorm';
import { createLogger, serveKoa } from '@slipway/http-koa';
import { HttpWebhookSender } from '@slipway/webhooks-http';
import { streamingSourceFetcher } from '@slipway/sources';
import { osbBroker, type OsbBrokerOptions } from '@slipway/broker-osb';
import { parseBrokerUrls, secretKeyFor } from './addon-settings.js';
import { detectDocker, type DockerDetectOptions } from './docker.js';

/** Settings of the embedded host, read from the environment by `fromEnv`. */
export interface EmbeddedSettings {
  port: number;
  host?: string;
  databaseUrl: string;
  token: string;
  /** True when the token was generated (so start-up prints it). */
  tokenGenerated: boolean;
  username: string;
  appsDomain?: string;
  logLevel?: string;
  /** Allow webhooks to loopback/private addresses (SLIPWAY_ALLOW_PRIVATE_HOOKS=1); lifts the outbound policy for hooks only. */
  allowPrivateHooks?: boolean;
  /** Allow every outbound call made for users (webhooks, build sources) to reach loopback/private addresses (SLIPWAY_ALLOW_PRIVATE_OUTBOUND=1). */
  allowPrivateOutbound?: boolean;
  /** CIDRs reachable by outbound calls although private (SLIPWAY_OUTBOUND_ALLOW, comma-separated). */
  outboundAllow?: string[];
  /** Webhook retry tuning (tests shorten it). */
  hookRetryBaseMs?: number;
  /** Webhook receiver timeout in ms. */
  hookTimeoutMs?: number;
  /** Job runner lease in ms (tests shorten it to show crash recovery). */
  jobLeaseMs?: number;
  /** Job runner idle poll interval in ms. */
  jobPollMs?: number;
  /** OSB addon brokers (SLIPWAY_BROKERS: comma-separated URLs with user:password@). */
  brokers?: OsbBrokerOptions[];
  /** Key sealing addon credentials (SLIPWAY_SECRET_KEY); generated beside the SQLite file when unset. */
  secretKey?: string;
  /** How long creating an addon waits for the broker before answering `provisioning` (ms). */
  addonWaitMs?: number;
  /** Polling of asynchronous broker operations (tests shorten it). */
  addonPollPolicy?: PollPolicy;
  /** `auto` (default): the Docker runtime when an engine answers; `none`: no runtime (deploys answer 503). */
  runtime?: 'auto' | 'none';
  /** Where and how to reach Docker (DOCKER_HOST, SLIPWAY_PUBLISH_HOST). */
  docker?: DockerDetectOptions;
  /** Build, deploy and log-session tuning (SLIPWAY_LOG_SESSION_SECRET; tests shorten retries). */
  deploys?: DeployOptions;
}

/** Reads PORT, DATABASE_URL, SLIPWAY_TOKEN, SLIPWAY_USER and SLIPWAY_APPS_DOMAIN with working defaults. */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): EmbeddedSettings {
  const port = Number(env.PORT ?? 5000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const token = env.SLIPWAY_TOKEN?.trim();
  return {
    port,
    ...(env.HOST ? { host: env.HOST } : {}),
    databaseUrl: env.DATABASE_URL ?? 'sqlite:.slipway/slipway.db',
    token: token || randomBytes(24).toString('hex'),
    tokenGenerated: !token,
    username: env.SLIPWAY_USER ?? 'admin',
    ...(env.SLIPWAY_APPS_DOMAIN ? { appsDomain: env.SLIPWAY_APPS_DOMAIN } : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
    allowPrivateHooks: env.SLIPWAY_ALLOW_PRIVATE_HOOKS === '1' || env.SLIPWAY_ALLOW_PRIVATE_HOOKS === 'true',
    allowPrivateOutbound: env.SLIPWAY_ALLOW_PRIVATE_OUTBOUND === '1' || env.SLIPWAY_ALLOW_PRIVATE_OUTBOUND === 'true',
    outboundAllow: (env.SLIPWAY_OUTBOUND_ALLOW ?? '').split(',').map((c) => c.trim()).filter(Boolean),
    ...numberFrom(env, 'SLIPWAY_JOB_LEASE_MS', 'jobLeaseMs'),
    ...numberFrom(env, 'SLIPWAY_HOOK_RETRY_BASE_MS', 'hookRetryBaseMs'),
    ...numberFrom(env, 'SLIPWAY_HOOK_TIMEOUT_MS', 'hookTimeoutMs'),
    brokers: parseBrokerUrls(env.SLIPWAY_BROKERS),
    ...(env.SLIPWAY_SECRET_KEY ? { secretKey: env.SLIPWAY_SECRET_KEY } : {}),
    runtime: env.SLIPWAY_RUNTIME === 'none' ? 'none' : 'auto',
    docker: {
      ...(env.DOCKER_HOST ? { host: env.DOCKER_HOST } : {}),
      ...(env.SLIPWAY_PUBLISH_HOST ? { publishHost: env.SLIPWAY_PUBLISH_HOST } : {}),
      ...(env.SLIPWAY_IMAGE_REPOSITORY ? { repository: env.SLIPWAY_IMAGE_REPOSITORY } : {}),
    },
    deploys: env.SLIPWAY_LOG_SESSION_SECRET ? { logSessionSecret: env.SLIPWAY_LOG_SESSION_SECRET } : {},
  };
}

/** An optional positive integer setting from the environment. */
function numberFrom<K extends keyof EmbeddedSettings>(env: NodeJS.ProcessEnv, name: string, key: K): Partial<EmbeddedSettings> {
  const raw = env[name];
  if (raw === undefined || raw === '') return {};
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return { [key]: n } as Partial<EmbeddedSettings>;
}

/** A running embedded controller. */
export interface EmbeddedServer {
  platform: Platform;
  server: Server;
  url: string;
  /** The runtime deploys run on: `docker` (with the engine address) or `none`. */
  runtime: string;
  close(): Promise<void>;
}

/** Composes SQLite/PostgreSQL store + koa API with a static token and starts listening. */
export async function startEmbedded(settings: EmbeddedSettings): Promise<EmbeddedServer> {
  const brokers = (settings.brokers ?? []).map((b) => osbBroker(b));
  const secretKey = secretKeyFor(settings.databaseUrl, settings.secretKey);
  if (brokers.length && !secretKey) throw new Error('SLIPWAY_SECRET_KEY is required with SLIPWAY_BROKERS on PostgreSQL (it seals addon credentials)');
  const store = await openMikroOrmStore({ url: settings.databaseUrl });
  // One outbound policy for everything sent on a user's behalf; operator-configured brokers are not subject to it.
  const outbound = new AddressPolicy({ allowPrivate: settings.allowPrivateOutbound ?? false, allow: settings.outboundAllow ?? [] });
  // The older hooks-only switch keeps working: it lifts the policy for webhooks alone.
  const hookPolicy = settings.allowPrivateHooks ? new AddressPolicy({ allowPrivate: true }) : outbound;
  const hookSender = new HttpWebhookSender({ policy: hookPolicy, ...(settings.hookTimeoutMs ? { timeoutMs: settings.hookTimeoutMs } : {}) });
  const docker = settings.runtime === 'none' ? null : await detectDocker(settings.docker);
  const platform = await createPlatform({
    store,
    authenticator: new StaticTokenAuthenticator([
      { token: settings.token, principal: { id: '5c1f0a7e-0000-4000-8000-000000000001', username: settings.username, email: `${settings.username}@localhost`, roles: ['admin'] } },
    ]),
    catalog: settings.appsDomain ? { appsDomain: settings.appsDomain } : {},
    jobs: { ...(settings.jobLeaseMs ? { leaseMs: settings.jobLeaseMs } : {}), ...(settings.jobPollMs ? { pollMs: settings.jobPollMs } : {}) },
    modules: [
      deploys({
        sourceFetcher: streamingSourceFetcher({ policy: outbound }),
        ...settings.deploys,
        ...(docker ? { runtime: docker.runtime, builder: docker.builder } : {}),
      }),
      addons({
        brokers,
        ...(secretKey ? { secretKey } : {}),
        ...(settings.addonWaitMs !== undefined ? { waitMs: settings.addonWaitMs } : {}),
        ...(settings.addonPollPolicy ? { pollPolicy: settings.addonPollPolicy } : {}),
      }),
      webhooks({ sender: hookSender, policy: hookPolicy, ...(secretKey ? { secretKey } : {}), ...(settings.hookRetryBaseMs ? { retryBaseMs: settings.hookRetryBaseMs } : {}) }),
    ],
  });
  await platform.start();
  const logger = createLogger(settings.logLevel ? { level: settings.logLevel } : {});
  const server = await serveKoa(platform, { port: settings.port, ...(settings.host ? { host: settings.host } : {}), logger });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  return {
    platform,
    server,
    url: `http://localhost:${port}`,
    runtime: docker ? `docker (${docker.host})` : 'none (no Docker engine answered; deploys answer 503)',
    async close() {
      // Log-session tails are long-lived: cut them, or close would wait for their clients.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await platform.close();
      await docker?.builder.close();
      await docker?.runtime.close();
      hookSender.close();
    },
  };
}

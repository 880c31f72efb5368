import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { AddressPolicy, AuthenticatorChain, StaticTokenAuthenticator, addons, appSetups, autoBuilds, certificates, createPlatform, deploys, identity, invoices, logDrains, metrics, pipelines, plugins, router, webhooks, type Authenticator, type CatalogOptions, type DeployOptions, type Platform, type PollPolicy, type Principal, type RouterDriver } from '@slipway/core';
import { openMikroOrmStore } from '@slipway/store-mikroorm';
import { PrometheusTelemetry, createLogger, operationsFromEnv, serveKoa, type MetricsAccess } from '@slipway/http-koa';
import { HttpWebhookSender } from '@slipway/webhooks-http';
import { createDrainTransport, type DrainTransportOptions } from '@slipway/drains';
import { streamingSourceFetcher } from '@slipway/sources';
import { osbBroker, type OsbBrokerOptions } from '@slipway/broker-osb';
import { startEmbeddedRouter, type EmbeddedRouter } from '@slipway/router-embedded';
import { parseBrokerUrls, secretKeyFor } from './addon-settings.js';
import { detectDocker, type DockerDetectOptions } from './docker.js';
import { certificateSettingsFromEnv, hostIssuer, type CertificateSettings } from './certificate-settings.js';
import { githubSource } from '@slipway/source-github';
import { guardedArchiveFetch, sourceSettingsFromEnv, type SourceSettings } from './source-settings.js';

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
  /** Jobs one replica runs at once (SLIPWAY_JOB_CONCURRENCY, 16 by default): its slots, one key each. */
  jobConcurrency?: number;
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
  /**
   * The embedded router serving apps' default hosts and sites. Absent: on port 5080 when Docker answers; given: always
   * (SLIPWAY_ROUTER_PORT, SLIPWAY_ROUTER_TLS_PORT, SLIPWAY_ROUTER_HOST); `off` (SLIPWAY_ROUTER_PORT=off): none.
   */
  router?: RouterSettings | 'off' | RouterDriver;
  /** Certificate issuing: ACME when SLIPWAY_ACME_DIRECTORY is set, the local CA otherwise. */
  certificates?: CertificateSettings;
  /** JWTs of one OIDC issuer are accepted too (SLIPWAY_OIDC_ISSUER, SLIPWAY_OIDC_AUDIENCE, SLIPWAY_OIDC_ROLES_CLAIM). */
  oidc?: { issuer: string; audience: string; rolesClaim?: string };
  /** More static tokens beside the admin's (a host's robots; tests use them as distinct users). */
  extraTokens?: Array<{ token: string; principal: Principal }>;
  /** Where log lines go (stdout by default; tests capture them). */
  logDestination?: Parameters<typeof createLogger>[1];
  /** Allow log drains to loopback/private addresses and plain http:// (SLIPWAY_ALLOW_PRIVATE_DRAINS=1). */
  allowPrivateDrains?: boolean;
  /**
   * The outbound address policy's connect-time lookup for drain connections. Unset: node's dns.lookup, so only the
   * creation-time check of literal addresses applies (wire the policy's guarded lookup here once it exists).
   */
  drainLookup?: DrainTransportOptions['lookup'];
  /** Forward dyno output to drains from this replica (default true; with several replicas, true on exactly one). */
  drainDynoOutput?: boolean;
  /** How often drains are reloaded and dyno sets rechecked, in ms (tests shorten it). */
  drainRescanMs?: number;
  /** Catalog beyond the apps domain (regions, stacks ...), for hosts and tests that need more than the defaults. */
  catalog?: CatalogOptions;
  /** GitHub auto builds and previews (SLIPWAY_GITHUB_API_URL, SLIPWAY_GITHUB_TOKEN, SLIPWAY_PUBLIC_URL). */
  source?: SourceSettings;
  /** Polling of commit checks and running auto builds (tests shorten it). */
  autoBuildPollMs?: number;
  /** Who may scrape GET /metrics: the owner's token (default), a scraper token (SLIPWAY_METRICS_TOKEN) or anyone (SLIPWAY_METRICS_PUBLIC=1). */
  metricsAccess?: MetricsAccess;
  /** Check every answer against its documented schema, a mismatch becoming a 500 (tests turn it on). */
  checkResponses?: boolean;
  /**
   * Answer repeated reads of unchanged data from memory (default true; SLIPWAY_RESPONSE_CACHE=off turns it off). Turn it
   * off when another process writes the same SQLite file: only PostgreSQL tells replicas of each other's writes.
   */
  responseCache?: boolean;
}

/** Where the embedded router listens. */
export interface RouterSettings {
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** HTTPS port (served by SNI from installed certificates). */
  tlsPort?: number;
  /** Listen address; the API's HOST, else all interfaces. */
  host?: string;
}

/** Largest commit archive auto builds download (64 MiB). */
const ARCHIVE_MAX_BYTES = 64 * 1024 * 1024;

/** Default HTTP port of the embedded router. */
export const DEFAULT_ROUTER_PORT = 5080;

/** The router settings from SLIPWAY_ROUTER_PORT / SLIPWAY_ROUTER_TLS_PORT / SLIPWAY_ROUTER_HOST. */
function routerFromEnv(env: NodeJS.ProcessEnv): Partial<EmbeddedSettings> {
  const raw = env.SLIPWAY_ROUTER_PORT?.trim();
  if (raw === 'off' || raw === 'none') return { router: 'off' };
  const tls = env.SLIPWAY_ROUTER_TLS_PORT?.trim();
  if (!raw && !tls && !env.SLIPWAY_ROUTER_HOST) return {};
  const port = raw ? Number(raw) : DEFAULT_ROUTER_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SLIPWAY_ROUTER_PORT must be a port number or off, got ${raw}`);
  const tlsPort = tls ? Number(tls) : undefined;
  if (tlsPort !== undefined && (!Number.isInteger(tlsPort) || tlsPort < 0 || tlsPort > 65535)) throw new Error(`SLIPWAY_ROUTER_TLS_PORT must be a port number, got ${tls}`);
  return { router: { port, ...(tlsPort !== undefined ? { tlsPort } : {}), ...(env.SLIPWAY_ROUTER_HOST ? { host: env.SLIPWAY_ROUTER_HOST } : {}) } };
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
    ...numberFrom(env, 'SLIPWAY_JOB_CONCURRENCY', 'jobConcurrency'),
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
    ...routerFromEnv(env),
    certificates: certificateSettingsFromEnv(env),
    allowPrivateDrains: env.SLIPWAY_ALLOW_PRIVATE_DRAINS === '1' || env.SLIPWAY_ALLOW_PRIVATE_DRAINS === 'true',
    drainDynoOutput: env.SLIPWAY_DRAIN_DYNO_OUTPUT !== '0' && env.SLIPWAY_DRAIN_DYNO_OUTPUT !== 'false',
    ...oidcFrom(env),
    source: sourceSettingsFromEnv(env),
    ...metricsAccessFrom(env),
    ...(env.SLIPWAY_RESPONSE_CACHE === 'off' || env.SLIPWAY_RESPONSE_CACHE === '0' ? { responseCache: false } : {}),
  };
}

/** The /metrics access rule: a scraper token when SLIPWAY_METRICS_TOKEN is set, anyone with SLIPWAY_METRICS_PUBLIC=1. */
function metricsAccessFrom(env: NodeJS.ProcessEnv): Partial<EmbeddedSettings> {
  // Read as every host reads it (@slipway/http-koa), so the settings mean the same on each.
  const { metricsAccess } = operationsFromEnv(env);
  return metricsAccess ? { metricsAccess } : {};
}

/** OIDC settings when SLIPWAY_OIDC_ISSUER is set (then SLIPWAY_OIDC_AUDIENCE is required). */
function oidcFrom(env: NodeJS.ProcessEnv): Partial<EmbeddedSettings> {
  const issuer = env.SLIPWAY_OIDC_ISSUER?.trim();
  if (!issuer) return {};
  const audience = env.SLIPWAY_OIDC_AUDIENCE?.trim();
  if (!audience) throw new Error('SLIPWAY_OIDC_AUDIENCE is required with SLIPWAY_OIDC_ISSUER');
  return { oidc: { issuer, audience, ...(env.SLIPWAY_OIDC_ROLES_CLAIM ? { rolesClaim: env.SLIPWAY_OIDC_ROLES_CLAIM } : {}) } };
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
  /** The embedded router and the base URL of its HTTP listener, when one runs. */
  router: { driver: EmbeddedRouter; url: string; port: number } | null;
  /** How certificates are issued, for the start-up banner. */
  certificates: string;
  close(): Promise<void>;
}

/** Composes SQLite/PostgreSQL store + koa API with a static token and starts listening. */
export async function startEmbedded(settings: EmbeddedSettings): Promise<EmbeddedServer> {
  const brokers = (settings.brokers ?? []).map((b) => osbBroker(b));
  const secretKey = secretKeyFor(settings.databaseUrl, settings.secretKey);
  if (brokers.length && !secretKey) throw new Error('SLIPWAY_SECRET_KEY is required with SLIPWAY_BROKERS on PostgreSQL (it seals addon credentials)');
  const store = await openMikroOrmStore({ url: settings.databaseUrl, ...(settings.responseCache === false ? { trackChanges: false } : {}) });
  // One outbound policy for everything sent on a user's behalf; operator-configured brokers are not subject to it.
  const outbound = new AddressPolicy({ allowPrivate: settings.allowPrivateOutbound ?? false, allow: settings.outboundAllow ?? [] });
  // The older hooks-only switch keeps working: it lifts the policy for webhooks alone.
  const hookPolicy = settings.allowPrivateHooks ? new AddressPolicy({ allowPrivate: true }) : outbound;
  const hookSender = new HttpWebhookSender({ policy: hookPolicy, ...(settings.hookTimeoutMs ? { timeoutMs: settings.hookTimeoutMs } : {}) });
  const docker = settings.runtime === 'none' ? null : await detectDocker(settings.docker);
  // A driver given whole (tests) is used as is; otherwise one embedded router serves every module that routes.
  const givenDriver = typeof settings.router === 'object' && 'converge' in settings.router ? settings.router : null;
  const routerSettings: RouterSettings | null =
    settings.router === 'off' || givenDriver ? null : ((settings.router as RouterSettings | undefined) ?? (docker ? { port: DEFAULT_ROUTER_PORT } : null));
  const routerHost = routerSettings?.host ?? settings.host;
  const routerDriver = routerSettings
    ? await startEmbeddedRouter({
        port: routerSettings.port,
        ...(routerHost ? { host: routerHost } : {}),
        ...(routerSettings.tlsPort !== undefined ? { tlsPort: routerSettings.tlsPort } : {}),
      })
    : null;
  const routerPort = routerDriver ? (await routerDriver.listening()).http.port : 0;
  const catalog: CatalogOptions = {
    ...settings.catalog,
    ...(settings.appsDomain ? { appsDomain: settings.appsDomain } : {}),
    // web_url points at the router, so `curl $web_url` reaches the app.
    ...(routerDriver ? { appsUrl: { protocol: 'http' as const, port: routerPort } } : {}),
  };
  const sharedRouter: RouterDriver | null = givenDriver ?? routerDriver;
  const issuing = secretKey ? await hostIssuer(settings.databaseUrl, secretKey, settings.certificates ?? {}, sharedRouter ?? undefined) : null;
  const allowPrivateDrains = settings.allowPrivateDrains ?? false;
  // Drains go through the same outbound policy (checked at connect time), lifted only by the drains' own switch.
  const drainTransport = createDrainTransport({ allowHttp: allowPrivateDrains, policy: allowPrivateDrains ? new AddressPolicy({ allowPrivate: true }) : outbound, ...(settings.drainLookup ? { lookup: settings.drainLookup } : {}) });
  const logger = createLogger(settings.logLevel ? { level: settings.logLevel } : {}, settings.logDestination);
  const ids = identity();
  // The printed token is the platform's owner: it may create organizations and grant every role.
  const admin: Principal = { id: '5c1f0a7e-0000-4000-8000-000000000001', username: settings.username, email: `${settings.username}@localhost`, roles: ['owner'] };
  const chain: Authenticator[] = [new StaticTokenAuthenticator([{ token: settings.token, principal: admin }, ...(settings.extraTokens ?? [])]), ids.issuedTokens];
  // Loaded only when an issuer is configured, like every adapter a setting asks for: start-up stays cheap.
  if (settings.oidc) {
    const { OidcAuthenticator } = await import('@slipway/auth-oidc');
    chain.push(new OidcAuthenticator({ issuer: settings.oidc.issuer, audience: settings.oidc.audience, ...(settings.oidc.rolesClaim ? { rolesClaim: settings.oidc.rolesClaim } : {}) }));
  }
  const telemetry = new PrometheusTelemetry();
  const platform = await createPlatform({
    store,
    // Failed jobs and deliveries reach the same redacting pino logger as the access log.
    logger,
    telemetry,
    authenticator: new AuthenticatorChain(chain),
    catalog,
    jobs: {
      ...(settings.jobLeaseMs ? { leaseMs: settings.jobLeaseMs } : {}),
      ...(settings.jobPollMs ? { pollMs: settings.jobPollMs } : {}),
      ...(settings.jobConcurrency ? { concurrency: settings.jobConcurrency } : {}),
    },
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
      ...(sharedRouter ? [router({ driver: sharedRouter })] : []),
      pipelines(settings.jobPollMs ? { rolloutPollMs: settings.jobPollMs } : {}),
      appSetups({ ...(secretKey ? { secretKey } : {}), ...(settings.jobPollMs ? { pollMs: settings.jobPollMs } : {}) }),
      ...(issuing && secretKey
        ? [certificates({ issuer: issuing.issuer, secretKey, ...(sharedRouter ? { router: sharedRouter } : {}), ...(settings.certificates?.renewBeforeDays !== undefined ? { renewBeforeDays: settings.certificates.renewBeforeDays } : {}) })]
        : []),
      plugins(),
      invoices(),
      metrics(),
      logDrains({
        transport: drainTransport,
        allowPrivate: allowPrivateDrains,
        allowHttp: allowPrivateDrains,
        dynoOutput: settings.drainDynoOutput ?? true,
        ...(settings.drainRescanMs ? { rescanMs: settings.drainRescanMs } : {}),
        onError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'log drain forwarding'),
      }),
      autoBuilds({
        sourceControl: githubSource({
          ...(settings.source?.apiUrl ? { baseUrl: settings.source.apiUrl } : {}),
          ...(settings.source?.webUrl ? { webUrl: settings.source.webUrl } : {}),
          ...(settings.source?.token ? { appCredential: settings.source.token } : {}),
        }),
        policy: outbound,
        archiveFetch: guardedArchiveFetch(outbound, ARCHIVE_MAX_BYTES),
        maxArchiveBytes: ARCHIVE_MAX_BYTES,
        ...(settings.source?.publicUrl ? { publicUrl: settings.source.publicUrl } : {}),
        ...(secretKey ? { secretKey } : {}),
        ...(settings.autoBuildPollMs ? { pollMs: settings.autoBuildPollMs, pollCapMs: settings.autoBuildPollMs * 4 } : {}),
      }),
      ids,
    ],
  });
  await platform.start();
  const server = await serveKoa(platform, { port: settings.port, ...(settings.host ? { host: settings.host } : {}), logger, telemetry, ...(settings.metricsAccess ? { metricsAccess: settings.metricsAccess } : {}), ...(settings.checkResponses ? { checkResponses: true } : {}), ...(settings.responseCache === false ? { responseCache: false } : {}) });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  return {
    platform,
    server,
    url: `http://localhost:${port}`,
    runtime: docker ? `docker (${docker.host})` : 'none (no Docker engine answered; deploys answer 503)',
    router: routerDriver ? { driver: routerDriver, url: `http://localhost:${routerPort}`, port: routerPort } : null,
    certificates: issuing ? issuing.description : 'off (SLIPWAY_SECRET_KEY is required on PostgreSQL to seal private keys)',
    async close() {
      // Log-session tails are long-lived: cut them, or close would wait for their clients.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await platform.close();
      await routerDriver?.close();
      await docker?.builder.close();
      await docker?.runtime.close();
      hookSender.close();
      await drainTransport.close();
    },
  };
}

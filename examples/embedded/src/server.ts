import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { StaticTokenAuthenticator, createPlatform, type Platform } from '@slipway/core';
import { openMikroOrmStore } from '@slipway/store-mikroorm';
import { createLogger, serveKoa } from '@slipway/http-koa';

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
  };
}

/** A running embedded controller. */
export interface EmbeddedServer {
  platform: Platform;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Composes SQLite/PostgreSQL store + koa API with a static token and starts listening. */
export async function startEmbedded(settings: EmbeddedSettings): Promise<EmbeddedServer> {
  const store = await openMikroOrmStore({ url: settings.databaseUrl });
  const platform = await createPlatform({
    store,
    authenticator: new StaticTokenAuthenticator([
      { token: settings.token, principal: { id: '5c1f0a7e-0000-4000-8000-000000000001', username: settings.username, email: `${settings.username}@localhost`, roles: ['admin'] } },
    ]),
    catalog: settings.appsDomain ? { appsDomain: settings.appsDomain } : {},
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
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await platform.close();
    },
  };
}

import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostSpec, RouteTarget } from '@slipway/core';
import { startEmbeddedRouter, type EmbeddedRouter, type EmbeddedRouterOptions } from '../src/index.js';

/** A loopback HTTP server with a test-specific handler. */
export interface TestServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `handler` on a free loopback port. */
export async function startServer(handler: RequestListener): Promise<TestServer> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** A router on loopback ports chosen by the OS, and its base URLs. */
export async function startRouter(options: Partial<EmbeddedRouterOptions> = {}): Promise<{ router: EmbeddedRouter; httpUrl: string; httpsUrl: string | null }> {
  const router = await startEmbeddedRouter({ port: 0, host: '127.0.0.1', ...options });
  const { http, https } = await router.listening();
  return { router, httpUrl: `http://127.0.0.1:${http.port}`, httpsUrl: https ? `https://127.0.0.1:${https.port}` : null };
}

/** A target whose backends are `urls` (ids derived from them). */
export function targetOf(urls: string[], over: Partial<RouteTarget> = {}): RouteTarget {
  return {
    app_id: 'app-1',
    app_key: 'web-test',
    app: 'web',
    space: 'test',
    port: 5000,
    backends: urls.map((url) => ({ id: `dyno-${new URL(url).port}`, url })),
    maintenance: false,
    ...over,
  };
}

/** An app's default host sending `/` to `urls`. */
export function appHost(host: string, urls: string[], over: Partial<RouteTarget> = {}): HostSpec {
  return { host, kind: 'app', routes: [{ path: '/', target_path: '/', target: targetOf(urls, over) }] };
}

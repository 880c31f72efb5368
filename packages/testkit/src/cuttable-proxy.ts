import { connect, createServer, type Socket } from 'node:net';

/** Where a cuttable proxy forwards to: a TCP address or a unix socket path. */
export type ProxyUpstream = { host: string; port: number } | { path: string };

/** A loopback TCP front for a peer whose open connections a test can cut, to drop long-lived streams for real. */
export interface CuttableProxy {
  /** Loopback port the proxy listens on. */
  port: number;
  /** Connections accepted so far (a reconnect shows as a new one). */
  connections(): number;
  /** Destroys every open connection; new ones are still accepted. */
  cut(): void;
  /** Cuts everything and stops listening. */
  close(): Promise<void>;
}

/** Starts a TCP proxy on 127.0.0.1 (a free port) that pipes each connection to `upstream`. */
export async function startCuttableProxy(upstream: ProxyUpstream): Promise<CuttableProxy> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer((down) => {
    count++;
    const up = 'path' in upstream ? connect(upstream.path) : connect(upstream.port, upstream.host);
    sockets.add(down).add(up);
    const close = () => {
      down.destroy();
      up.destroy();
      sockets.delete(down);
      sockets.delete(up);
    };
    down.on('error', close).on('close', close);
    up.on('error', close).on('close', close);
    down.pipe(up).pipe(down);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const cut = () => [...sockets].forEach((s) => s.destroy());
  return {
    port: (server.address() as { port: number }).port,
    connections: () => count,
    cut,
    close: async () => {
      cut();
      await new Promise((r) => server.close(r));
    },
  };
}

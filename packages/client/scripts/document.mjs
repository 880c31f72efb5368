// The document the client is generated from: the one the full embedded composition (every module) serves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded } from '@slipway/example-embedded';

/** Starts the embedded host on a throwaway SQLite file, with the router and certificates, and reads /openapi.json. */
export async function fullDocument() {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-client-'));
  const server = await startEmbedded({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: `sqlite:${join(dir, 'document.db')}`,
    token: 'generate',
    tokenGenerated: false,
    username: 'generate',
    logLevel: 'silent',
    runtime: 'none',
    router: { port: 0, host: '127.0.0.1' },
  });
  try {
    const res = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/openapi.json`);
    if (!res.ok) throw new Error(`GET /openapi.json answered ${res.status}`);
    return await res.json();
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

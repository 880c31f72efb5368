import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecretKey } from '@slipway/core';
import { createTestDatabase, postgresAvailable } from '@slipway/testkit';
import { startEmbedded, type EmbeddedServer, type EmbeddedSettings } from '../src/server.js';

/** The answer of one test request. */
export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** A running server plus a request helper that sends the test token. */
export interface TestServer extends EmbeddedServer {
  token: string;
  /** The store it runs on (another server may be started on it, as a second controller). */
  databaseUrl: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
}

/** Stores the API suites run against: SQLite always, PostgreSQL when reachable (required in CI). */
export async function storeKinds(): Promise<Array<'sqlite' | 'postgres'>> {
  return (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh, empty store location: a SQLite file in a temp dir, or a new PostgreSQL database. */
export async function testDatabase(kind: 'sqlite' | 'postgres', prefix = 'slipway_api'): Promise<{ url: string; cleanup(): Promise<void> }> {
  if (kind === 'postgres') {
    const db = await createTestDatabase(prefix);
    return { url: db.url, cleanup: () => db.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix.replace(/_/g, '-')}-`));
  return { url: `sqlite:${join(dir, 'test.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts the embedded host on an ephemeral port over a fresh SQLite file or PostgreSQL database. */
export async function startTestServer(kind: 'sqlite' | 'postgres', overrides: Partial<EmbeddedSettings> = {}): Promise<TestServer> {
  const { url: databaseUrl, cleanup } = await testDatabase(kind);
  // No file to keep a generated key beside: addon credentials need one given.
  if (kind === 'postgres') overrides = { secretKey: generateSecretKey(), ...overrides };
  const token = `test-${Math.random().toString(36).slice(2)}`;
  const running = await startEmbedded({ port: 0, host: '127.0.0.1', databaseUrl, token, tokenGenerated: false, username: 'tester', logLevel: 'silent', router: 'off', checkResponses: true, ...overrides });
  const url = running.url.replace('localhost', '127.0.0.1');
  return {
    ...running,
    url,
    token,
    databaseUrl: overrides.databaseUrl ?? databaseUrl,
    async request(method, path, body, headers = {}) {
      const res = await fetch(url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* keep text */
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async close() {
      await running.close();
      await cleanup();
    },
  };
}

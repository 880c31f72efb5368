import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateSecretKey, parseSecretKey } from '@slipway/core';
import type { OsbBrokerOptions } from '@slipway/broker-osb';
import { parseStoreUrl } from '@slipway/store-mikroorm';

/**
 * Reads `SLIPWAY_BROKERS`: comma-separated broker base URLs with Basic-auth credentials in the
 * user-info (`https://user:pass@broker.example/`). A `#name` fragment names the broker; otherwise
 * its host and port do (the name is stored with every addon, so keep it stable). Errors never echo
 * the entry, which holds a password.
 */
export function parseBrokerUrls(raw: string | undefined): OsbBrokerOptions[] {
  if (!raw?.trim()) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => {
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new Error(`SLIPWAY_BROKERS entry ${i + 1} is not a URL`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`SLIPWAY_BROKERS entry ${i + 1} must be an http(s) URL`);
      if (!url.username || !url.password) throw new Error(`SLIPWAY_BROKERS entry ${i + 1} needs user:password@ (Basic auth for the broker)`);
      const username = decodeURIComponent(url.username);
      const password = decodeURIComponent(url.password);
      const name = (url.hash ? decodeURIComponent(url.hash.slice(1)) : `${url.hostname}${url.port ? `-${url.port}` : ''}`).toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
      url.username = '';
      url.password = '';
      url.hash = '';
      return { name, url: url.toString().replace(/\/$/, ''), username, password };
    });
}

/**
 * The key sealing credentials at rest: SLIPWAY_SECRET_KEY when set; else, for an SQLite store, a key
 * generated once and kept beside the database file (`<file>.key`, mode 0600); else none.
 */
export function secretKeyFor(databaseUrl: string, configured: string | undefined): string | undefined {
  if (configured?.trim()) {
    parseSecretKey(configured, 'SLIPWAY_SECRET_KEY');
    return configured.trim();
  }
  const target = parseStoreUrl(databaseUrl);
  if (target.dialect !== 'sqlite') return undefined;
  if (target.file === ':memory:') return generateSecretKey();
  const file = `${target.file}.key`;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${generateSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readFileSync(file, 'utf8').trim();
}

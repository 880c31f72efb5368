import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSecretKey } from '@slipway/core';
import { parseBrokerUrls, secretKeyFor } from '../src/addon-settings.js';
import { fromEnv } from '../src/server.js';

describe('SLIPWAY_BROKERS and SLIPWAY_SECRET_KEY', () => {
  it('reads broker URLs with Basic-auth user-info, naming them by fragment or host', () => {
    expect(parseBrokerUrls('http://platform:s%40cret@127.0.0.1:8080/osb/, https://u:p@Broker.Example#pg')).toEqual([
      { name: '127.0.0.1-8080', url: 'http://127.0.0.1:8080/osb', username: 'platform', password: 's@cret' },
      { name: 'pg', url: 'https://broker.example', username: 'u', password: 'p' },
    ]);
    expect(parseBrokerUrls(undefined)).toEqual([]);
    expect(fromEnv({ SLIPWAY_BROKERS: 'http://a:b@h:1' }).brokers).toHaveLength(1);
  });

  it('refuses bad entries without echoing them (they hold passwords)', () => {
    for (const bad of ['not a url hunter2', 'ftp://u:hunter2@h/', 'http://h-without-creds/', 'http://onlyuser@h/']) {
      let message = '';
      try {
        parseBrokerUrls(bad);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^SLIPWAY_BROKERS entry 1 /);
      expect(message).not.toContain('hunter2');
    }
  });

  it('generates a key once beside the SQLite file and keeps it; takes a configured one as is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-key-'));
    try {
      const url = `sqlite:${join(dir, 'sub', 'db.sqlite')}`;
      const first = secretKeyFor(url, undefined)!;
      expect(parseSecretKey(first)).toHaveLength(32);
      expect(secretKeyFor(url, undefined)).toBe(first);
      expect(statSync(join(dir, 'sub', 'db.sqlite.key')).mode & 0o777).toBe(0o600);
      const given = 'ab'.repeat(32);
      expect(secretKeyFor(url, given)).toBe(given);
      expect(() => secretKeyFor(url, 'short')).toThrow(/32 bytes/);
      expect(secretKeyFor('postgres://u@h/db', undefined)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

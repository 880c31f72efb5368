import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresAvailable, storeContract } from '@slipway/testkit';
import { openMikroOrmStore } from './index.js';

storeContract('mikroorm sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-store-'));
  const store = await openMikroOrmStore({ url: `sqlite:${join(dir, 'nested', 'slipway.db')}` });
  return { store, teardown: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
});

if (await postgresAvailable()) {
  storeContract(
    'mikroorm postgresql',
    async () => {
      const db = await createTestDatabase('slipway_store');
      const store = await openMikroOrmStore({ url: db.url });
      return { store, teardown: async () => (await store.close(), await db.drop()) };
    },
    { skipLocked: true },
  );
}

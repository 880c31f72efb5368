import { describe, expect, it } from 'vitest';
import { ConflictError, newId, type AppSetup } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, T0 } from './fixtures.js';

/** A fresh setup of an app. */
function setup(appId: string, createdAt = T0): AppSetup {
  return {
    id: newId(),
    app_id: appId,
    app_name: 'api',
    status: 'pending',
    completed: 0,
    steps: ['formation', 'addon db:small', 'build'],
    failure_message: '',
    build_id: null,
    postdeploy: null,
    plan: 'sealed:v1:opaque',
    user_id: newId(),
    username: 'someone',
    user_email: 'someone@example.invalid',
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/** The app-setups module's repository: one setup per app, progress and outcome overwritten in place. */
export function appSetupsStoreSuite(ctx: StoreSuiteContext): void {
  const { tx, seedApp } = ctx;
  describe('app setups', () => {
    it('stores a setup as written, finds it by id and by app, overwrites progress and outcome, and removes it with its app', async () => {
      const { a } = await seedApp('api');
      const s = setup(a.id, at(1));
      await tx((t) => t.appSetups.insert(s));
      const store = ctx.store();
      expect(await store.read((t) => t.appSetups.get(s.id))).toEqual(s);
      expect(await store.read((t) => t.appSetups.byApp(a.id))).toEqual(s);
      expect(await store.read((t) => t.appSetups.get(newId()))).toBeNull();
      const next: AppSetup = { ...s, completed: 3, status: 'failed', failure_message: 'build failed: no Dockerfile', build_id: newId(), postdeploy: { exit_code: 0, output: 'migrated' }, plan: 'other', updated_at: at(5) };
      await tx((t) => t.appSetups.update(next));
      expect(await store.read((t) => t.appSetups.get(s.id))).toEqual(next);
      // The creator and the app are fixed once written.
      await tx((t) => t.appSetups.update({ ...next, app_name: 'renamed', username: 'other' }));
      expect(await store.read((t) => t.appSetups.get(s.id))).toEqual(next);
      await tx((t) => t.appSetups.deleteByApp(a.id));
      expect(await store.read((t) => t.appSetups.get(s.id))).toBeNull();
    });

    it('refuses a second setup of the same app', async () => {
      const { a } = await seedApp('one');
      await tx((t) => t.appSetups.insert(setup(a.id)));
      await expect(tx((t) => t.appSetups.insert(setup(a.id)))).rejects.toBeInstanceOf(ConflictError);
    });
  });
}

import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, newId, type PipelineCoupling, type PipelinePromotion, type PromotionTarget, type ReleaseStatusCheck, type Stage, type Store } from '@slipway/core';
import type { StoreSuiteContext } from './context.js';
import { at, page, T0 } from './fixtures.js';

/** A coupling of an app at a stage. */
function coupling(pipelineId: string, appId: string, stage: Stage, createdAt = T0): PipelineCoupling {
  return { id: newId(), pipeline_id: pipelineId, app_id: appId, stage, required_status_checks: ['ci/test'], created_at: createdAt, updated_at: createdAt };
}

/** A check of a release. */
function check(appId: string, releaseId: string, context: string): ReleaseStatusCheck {
  return { id: newId(), app_id: appId, release_id: releaseId, context, state: 'pending', name: context, description: '', target_url: null, image_url: null, created_at: T0, updated_at: T0 };
}

/** The pipelines module's repositories: pipelines, couplings, promotions, targets and release checks. */
export function pipelinesStoreSuite(ctx: StoreSuiteContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const { tx, seedApp } = ctx;

  describe('pipelines and couplings', () => {
    it('finds pipelines by id or name, refuses a second name and a second coupling of one app, lists by pipeline and stage', async () => {
      const p = { id: newId(), name: 'shop', created_at: T0, updated_at: T0 };
      const q = { id: newId(), name: 'blog', created_at: at(1), updated_at: at(1) };
      await tx(async (t) => {
        await t.pipelines.insert(p);
        await t.pipelines.insert(q);
      });
      expect(await store.read((t) => t.pipelines.find(p.id))).toEqual(p);
      expect(await store.read((t) => t.pipelines.find('blog'))).toEqual(q);
      expect(await store.read((t) => t.pipelines.find('nope'))).toBeNull();
      await expect(tx((t) => t.pipelines.insert({ ...p, id: newId() }))).rejects.toBeInstanceOf(ConflictError);
      expect((await store.read((t) => t.pipelines.list(page({ sort: 'name' })))).map((x) => x.name)).toEqual(['blog', 'shop']);

      const { a: dev } = await seedApp('dev');
      const { a: stg } = await seedApp('stg');
      const { a: prd } = await seedApp('prd');
      const c1 = coupling(p.id, dev.id, 'development', at(1));
      const c2 = coupling(p.id, stg.id, 'staging', at(2));
      const c3 = coupling(q.id, prd.id, 'production', at(3));
      await tx(async (t) => {
        for (const c of [c1, c2, c3]) await t.pipelineCouplings.insert(c);
      });
      await expect(tx((t) => t.pipelineCouplings.insert(coupling(q.id, dev.id, 'review')))).rejects.toBeInstanceOf(ConflictError);
      expect(await store.read((t) => t.pipelineCouplings.get(c1.id))).toEqual(c1);
      expect(await store.read((t) => t.pipelineCouplings.byApp(stg.id))).toEqual(c2);
      expect((await store.read((t) => t.pipelineCouplings.list({ pipeline_id: p.id }, page()))).map((c) => c.id)).toEqual([c1.id, c2.id].sort());
      expect(await store.read((t) => t.pipelineCouplings.list({}, page()))).toHaveLength(3);
      expect((await store.read((t) => t.pipelineCouplings.atStages(p.id, ['review', 'development']))).map((c) => c.id)).toEqual([c1.id]);
      const moved = { ...c1, stage: 'review' as const, required_status_checks: ['ci/a', 'ci/b'], updated_at: at(9) };
      await tx((t) => t.pipelineCouplings.update(moved));
      expect(await store.read((t) => t.pipelineCouplings.get(c1.id))).toEqual(moved);
      await tx((t) => t.pipelineCouplings.deleteByApp(stg.id));
      expect(await store.read((t) => t.pipelineCouplings.byApp(stg.id))).toBeNull();
      await tx((t) => t.pipelineCouplings.deleteByPipeline(p.id));
      expect(await store.read((t) => t.pipelineCouplings.list({ pipeline_id: p.id }, page()))).toEqual([]);
      await tx((t) => t.pipelineCouplings.delete(c3.id));
      await tx((t) => t.pipelines.delete(p.id));
      expect(await store.read((t) => t.pipelines.find(p.id))).toBeNull();
    });
  });

  describe('promotions and release checks', () => {
    it('keeps promotions and their targets, records a target release once, and keeps one check per release and context', async () => {
      const { a } = await seedApp('src');
      const promotion: PipelinePromotion = {
        id: newId(), pipeline_id: newId(), source_app_id: a.id, source_release_id: newId(), slug_id: newId(),
        user_id: newId(), username: 'ada', user_email: 'ada@example.com', status: 'pending', created_at: T0, updated_at: T0,
      };
      const t1: PromotionTarget = { id: newId(), promotion_id: promotion.id, app_id: newId(), release_id: null, status: 'pending', error_message: '', created_at: T0, updated_at: T0 };
      const t2: PromotionTarget = { ...t1, id: newId(), app_id: newId(), created_at: at(1), updated_at: at(1) };
      await tx(async (t) => {
        await t.pipelinePromotions.insert(promotion);
        await t.promotionTargets.insert(t2);
        await t.promotionTargets.insert(t1);
      });
      expect(await store.read((t) => t.pipelinePromotions.get(promotion.id))).toEqual(promotion);
      expect(await store.read((t) => t.promotionTargets.list(promotion.id))).toEqual([t1, t2]);
      const released = { ...t1, release_id: newId(), status: 'successful' as const, updated_at: at(5) };
      const failed = { ...t2, status: 'failed' as const, error_message: 'The target app was deleted.', updated_at: at(5) };
      await tx(async (t) => {
        await t.promotionTargets.update(released);
        await t.promotionTargets.update(failed);
        await t.pipelinePromotions.update({ ...promotion, status: 'failed', updated_at: at(6) });
      });
      expect(await store.read((t) => t.promotionTargets.get(t1.id))).toEqual(released);
      expect(await store.read((t) => t.promotionTargets.list(promotion.id))).toEqual([released, failed]);
      expect(await store.read((t) => t.pipelinePromotions.get(promotion.id))).toEqual({ ...promotion, status: 'failed', updated_at: at(6) });
      expect((await store.read((t) => t.pipelinePromotions.list(page()))).map((p) => p.id)).toEqual([promotion.id]);

      const release = newId();
      const ci = check(a.id, release, 'ci/test');
      const scan = check(a.id, release, 'security/scan');
      await tx(async (t) => {
        await t.releaseStatuses.insert(scan);
        await t.releaseStatuses.insert(ci);
      });
      await expect(tx((t) => t.releaseStatuses.insert({ ...ci, id: newId() }))).rejects.toBeInstanceOf(ConflictError);
      const passed = { ...ci, state: 'success' as const, description: 'all green', target_url: 'https://ci.example.test/1', updated_at: at(7) };
      await tx((t) => t.releaseStatuses.update(passed));
      expect(await store.read((t) => t.releaseStatuses.byContext(release, 'ci/test'))).toEqual(passed);
      expect(await store.read((t) => t.releaseStatuses.list(release))).toEqual([passed, scan]);
      await tx((t) => t.releaseStatuses.deleteByApp(a.id));
      expect(await store.read((t) => t.releaseStatuses.list(release))).toEqual([]);
    });
  });
}

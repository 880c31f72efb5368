import { describe, expect, it } from 'vitest';
import { checkPipelineName, combinedState, nextStage, promotionDifferences, unmetChecks, upstreamStages, type ReleaseStatusCheck, type StatusState } from './pipelines.js';

const check = (context: string, state: StatusState): ReleaseStatusCheck => ({
  id: context, app_id: 'a', release_id: 'r', context, state, name: context, description: '', target_url: null, image_url: null, created_at: new Date(0), updated_at: new Date(0),
});

describe('pipeline rules', () => {
  it('orders stages and knows what follows and precedes each', () => {
    expect(nextStage('review')).toBe('development');
    expect(nextStage('staging')).toBe('production');
    expect(nextStage('production')).toBeNull();
    expect(upstreamStages('staging')).toEqual(['review', 'development']);
    expect(upstreamStages('review')).toEqual([]);
  });

  it('accepts lowercase pipeline names and names the field otherwise', () => {
    expect(checkPipelineName(' Shop-Line ')).toBe('shop-line');
    expect(() => checkPipelineName('a')).toThrow(expect.objectContaining({ field: 'name' }));
    expect(() => checkPipelineName('9lives')).toThrow(expect.objectContaining({ field: 'name' }));
  });

  it('lists config keys the target lacks and addon services on one side only, and nothing when they match', () => {
    const source = { key: 'api-dev', configKeys: ['A', 'B', 'C'], services: ['postgres', 'redis'] };
    expect(promotionDifferences(source, { key: 'api-prd', configKeys: ['A', 'B', 'C', 'EXTRA'], services: ['redis', 'postgres'] })).toEqual([]);
    const diff = promotionDifferences(source, { key: 'api-prd', configKeys: ['A'], services: ['postgres', 'kafka'] });
    expect(diff).toHaveLength(3);
    expect(diff[0]).toContain('(B, C)');
    expect(diff[1]).toContain('(redis)');
    expect(diff[2]).toContain('(kafka)');
  });

  it('combines check states and lists required contexts that have not succeeded', () => {
    expect(combinedState([])).toBe('success');
    expect(combinedState([check('a', 'success'), check('b', 'pending')])).toBe('pending');
    expect(combinedState([check('a', 'error'), check('b', 'pending')])).toBe('failure');
    expect(unmetChecks(['a', 'b', 'c'], [check('a', 'success'), check('b', 'failure')])).toEqual(['b', 'c']);
    expect(unmetChecks([], [check('a', 'failure')])).toEqual([]);
  });
});

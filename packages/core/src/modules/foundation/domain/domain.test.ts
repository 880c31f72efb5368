import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../errors.js';
import { applyConfigPatch, diffConfig, maskValues, validateConfigPatch } from './config-vars.js';
import { newId } from '../../../kernel/ids.js';
import { appKey, isUuid, parseAppKey } from './names.js';
import { toPage } from '../../../kernel/paging.js';
import { buildCatalog, catalogId } from './catalog.js';

describe('app keys', () => {
  it('split at the first dash because app names have none', () => {
    expect(parseAppKey('events-perf-dev-us')).toEqual({ name: 'events', space: 'perf-dev-us' });
    expect(parseAppKey('EVENTS-Dev')).toEqual({ name: 'events', space: 'dev' });
    expect(parseAppKey('events')).toBeNull();
    expect(parseAppKey('-x')).toBeNull();
    expect(appKey('a', 'b')).toBe('a-b');
  });
});

describe('ids', () => {
  it('are UUIDs ordered by creation', () => {
    const ids = Array.from({ length: 50 }, () => newId());
    expect(ids.every(isUuid)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('config patches', () => {
  it('accept strings and null, refuse PORT, bad keys and other types naming the key', () => {
    expect(validateConfigPatch({ A: 'x', B: null })).toEqual({ A: 'x', B: null });
    for (const [body, field] of [[{ PORT: '1' }, 'PORT'], [{ port: '1' }, 'port'], [{ '1A': 'x' }, '1A'], [{ N: 1 }, 'N'], [{ O: {} }, 'O']] as const) {
      try {
        validateConfigPatch(body);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).field).toBe(field);
      }
    }
  });

  it('report creates, updates and deletes but not no-ops', () => {
    expect(diffConfig({ A: '1', B: '2' }, { A: '1', B: '3', C: '4', D: null, A2: null })).toEqual([
      { type: 'update', name: 'B' },
      { type: 'create', name: 'C' },
    ]);
    expect(diffConfig({ A: '1' }, { A: null })).toEqual([{ type: 'delete', name: 'A' }]);
    expect(maskValues({ A: 's' }, '*')).toEqual({ A: '*' });
    expect(applyConfigPatch({ A: '1', B: '2' }, { A: null, B: '3', C: '' })).toEqual({ B: '3', C: '' });
  });
});

describe('toPage', () => {
  it('uses the extra row only to say more remain', () => {
    const req = { sort: 'id', exclusive: false, max: 2, order: 'asc' as const };
    expect(toPage(['a', 'b'], req, (x) => x)).toEqual({ items: ['a', 'b'] });
    expect(toPage(['a', 'b', 'c'], req, (x) => x)).toEqual({ items: ['a', 'b'], next: { ...req, start: 'b', exclusive: true } });
  });
});

describe('catalog', () => {
  it('has working defaults with stable ids', () => {
    const c = buildCatalog();
    expect(c.stacks.map((s) => s.name)).toContain(c.defaultStack);
    expect(c.features.map((f) => f.name)).toEqual(expect.arrayContaining(['auto-release', 'preview']));
    expect(buildCatalog().regions[0]!.id).toBe(c.regions[0]!.id);
    expect(catalogId('stack', 'ds1')).toBe(c.stacks[0]!.id);
  });

  it('refuses inconsistent host configuration', () => {
    expect(() => buildCatalog({ stacks: [{ name: 's', region: 'nowhere' }] })).toThrow(/unknown region/);
    expect(() => buildCatalog({ defaultSize: 'huge' })).toThrow(/default size/);
  });
});

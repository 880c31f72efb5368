import { NotFoundError, ValidationError } from '../../../errors.js';
import type { FeatureDefinition, PlatformCatalog, Region, Size, Stack } from '../domain/catalog.js';
import { normalizeName } from '../domain/names.js';
import type { InjectionToken } from 'tsyringe';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';

/** Pages an in-memory list the same way repositories page stored ones. */
export function pageArray<T>(items: T[], page: PageRequest, key: (t: T, sort: string) => string): Page<T> {
  if (!items.length) return { items: [] };
  if (!['id', 'name'].includes(page.sort)) throw new ValidationError(`cannot sort by ${page.sort}`, 'range');
  const sorted = [...items].sort((a, b) => key(a, page.sort).localeCompare(key(b, page.sort)));
  if (page.order === 'desc') sorted.reverse();
  const after = (v: string) => {
    if (page.start === undefined) return true;
    const c = v.localeCompare(page.start);
    const cmp = page.order === 'desc' ? -c : c;
    return page.exclusive ? cmp > 0 : cmp >= 0;
  };
  const rows = sorted.filter((t) => after(key(t, page.sort))).slice(0, page.max + 1);
  return toPage(rows, page, (t) => key(t, page.sort));
}

const byIdOrName = (t: { id?: string; name: string }, sort: string) => (sort === 'name' ? t.name : (t.id ?? t.name));

/** Regions, stacks, sizes and features the host offers. */
export class CatalogService {
  constructor(readonly catalog: PlatformCatalog) {}

  /** A page of regions. */
  regions(page: PageRequest): Page<Region> {
    return pageArray(this.catalog.regions, page, byIdOrName);
  }

  /** One region by id or name. */
  region(ref: string): Region {
    const r = normalizeName(ref);
    const found = this.catalog.regions.find((x) => x.id === r || x.name === r);
    if (!found) throw new NotFoundError(`The region ${ref} was not found.`, 'region');
    return found;
  }

  /** A page of stacks. */
  stacks(page: PageRequest): Page<Stack> {
    return pageArray(this.catalog.stacks, page, byIdOrName);
  }

  /** One stack by id or name. */
  stack(ref: string, field = 'stack'): Stack {
    const r = normalizeName(ref);
    const found = this.catalog.stacks.find((x) => x.id === r || x.name === r);
    if (!found) throw new NotFoundError(`The stack ${ref} was not found.`, field);
    return found;
  }

  /** A page of sizes. */
  sizes(page: PageRequest): Page<Size> {
    return pageArray(this.catalog.sizes, page, (s) => s.name);
  }

  /** One feature definition by name or id. */
  feature(ref: string): FeatureDefinition {
    const r = normalizeName(ref);
    const found = this.catalog.features.find((f) => f.name === r || f.id === r);
    if (!found) throw new NotFoundError(`The feature ${ref} was not found.`, 'feature');
    return found;
  }
}

/** DI token of the platform's resolved catalog (regions, stacks, sizes, features, apps domain). */
export const PLATFORM_CATALOG: InjectionToken<PlatformCatalog> = Symbol.for('slipway.PlatformCatalog');

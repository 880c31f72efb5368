import { RegionResponse, SizeResponse, StackResponse, presentRegion, presentSize, presentStack } from '../schemas/catalog.js';
import { CatalogService } from '../services/catalog.js';
import { route } from '../../../kernel/operation.js';

/** /regions, /stacks (and the seed's /stack), /sizes */
export const catalogRoutes = [
  route({
    method: 'get',
    path: '/regions',
    summary: 'List regions',
    tag: 'Regions',
    response: RegionResponse,
    list: ['id', 'name'],
    handler: ({ page, resolve }) => {
      const c = resolve(CatalogService);
      const p = c.regions(page);
      return { ...p, items: p.items.map((r) => presentRegion(r, c.catalog)) };
    },
  }),
  route({
    method: 'get',
    path: '/regions/:region',
    summary: 'Get a region',
    tag: 'Regions',
    response: RegionResponse,
    handler: ({ params, resolve }) => {
      const c = resolve(CatalogService);
      return presentRegion(c.region(params.region!), c.catalog);
    },
  }),
  route({
    method: 'get',
    path: '/stacks',
    summary: 'List stacks',
    tag: 'Stacks',
    response: StackResponse,
    list: ['id', 'name'],
    handler: ({ page, resolve }) => {
      const c = resolve(CatalogService);
      const p = c.stacks(page);
      return { ...p, items: p.items.map((s) => presentStack(s, c.catalog)) };
    },
  }),
  route({
    method: 'get',
    path: ['/stacks/:stack', '/stack/:stack'],
    summary: 'Get a stack',
    tag: 'Stacks',
    response: StackResponse,
    handler: ({ params, resolve }) => {
      const c = resolve(CatalogService);
      return presentStack(c.stack(params.stack!), c.catalog);
    },
  }),
  route({
    method: 'get',
    path: '/sizes',
    summary: 'List dyno sizes',
    tag: 'Formations',
    response: SizeResponse,
    list: ['name'],
    handler: ({ page, resolve }) => {
      const p = resolve(CatalogService).sizes(page);
      return { ...p, items: p.items.map(presentSize) };
    },
  }),
];

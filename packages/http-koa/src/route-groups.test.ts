import { describe, expect, it } from 'vitest';
import Koa, { type Context } from 'koa';
import type { AddressInfo } from 'node:net';
import { groupedRoutes, requestGroup, routeGroup, type GroupedRoute } from './route-groups.js';

/** Routes answering their own name, mounted in this order. */
function served(specs: Array<[method: 'get' | 'post', path: string]>): GroupedRoute[] {
  return specs.map(([method, path]) => ({ path, add: (r) => void r[method](path, (ctx: Context) => void (ctx.body = { route: `${method} ${path}`, params: ctx.params })) }));
}

async function serve(routes: GroupedRoute[]) {
  const app = new Koa();
  app.use(groupedRoutes(routes));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, path: string) => {
    const res = await fetch(base + path, { method });
    return { status: res.status, allow: res.headers.get('allow'), body: res.status === 200 ? ((await res.json()) as { route: string; params: Record<string, string> }) : null };
  };
  return { call, close: () => new Promise((r) => server.close(r)) };
}

describe('routes grouped by first segment and length', () => {
  it('groups plain paths and leaves parameter-first and patterned ones to every group', () => {
    expect(routeGroup('/apps/:app/config-vars')).toBe('apps 3');
    expect(routeGroup('/Apps')).toBe('apps 1');
    expect(routeGroup('/:anything')).toBeNull();
    expect(routeGroup('/files/{*rest}')).toBeNull();
    expect(requestGroup('/APPS/web-default/config-vars/')).toBe('apps 3');
    expect(requestGroup('/')).toBe(' 1');
  });

  it('answers what one router of all the routes answers: first match, params, case, trailing slash, 404, 405', async () => {
    const s = await serve(served([
      ['get', '/apps/:app/builds/auto'],
      ['get', '/apps/:app/builds/:build'],
      ['get', '/apps/:app'],
      ['post', '/apps'],
      ['get', '/:page/about'],
      ['get', '/health'],
    ]));
    try {
      expect((await s.call('GET', '/apps/web/builds/auto')).body).toEqual({ route: 'get /apps/:app/builds/auto', params: { app: 'web' } });
      expect((await s.call('GET', '/apps/web/builds/b1')).body).toEqual({ route: 'get /apps/:app/builds/:build', params: { app: 'web', build: 'b1' } });
      expect((await s.call('GET', '/APPS/web/')).body).toEqual({ route: 'get /apps/:app', params: { app: 'web' } });
      // A parameter-first route is in every group, and a request of no group meets every route.
      expect((await s.call('GET', '/apps/about')).body).toEqual({ route: 'get /apps/:app', params: { app: 'about' } });
      expect((await s.call('GET', '/team/about')).body).toEqual({ route: 'get /:page/about', params: { page: 'team' } });
      expect((await s.call('GET', '/health')).body?.route).toBe('get /health');
      expect((await s.call('GET', '/apps/web/builds')).status).toBe(404);
      expect((await s.call('GET', '/nowhere')).status).toBe(404);
      const wrong = await s.call('GET', '/apps');
      expect([wrong.status, wrong.allow]).toEqual([405, 'POST']);
    } finally {
      await s.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import pino from 'pino';
import { route } from '@slipway/core';
import type { Context } from 'koa';
import { responseCheck } from './response-check.js';

const App = z.object({ id: z.uuid(), name: z.string(), created_at: z.iso.datetime() });
const one = route({ method: 'get', path: '/apps/:app', summary: 'one', tag: 'Apps', response: App, handler: () => ({}) });
const list = route({ method: 'get', path: '/apps', summary: 'all', tag: 'Apps', list: ['id'], response: App, handler: () => ({}) });

/** The parts of a koa context the check reads and writes. */
function fakeContext(body: unknown): Context {
  return { status: 200, body, state: { requestId: 'r1' } } as unknown as Context;
}

describe('responseCheck', () => {
  const lines: string[] = [];
  const log = pino({ level: 'error' }, { write: (l: string) => void lines.push(l) });
  const check = responseCheck(log);
  const good = { id: '01934c2e-7f1a-7b3c-9d4e-5f6a7b8c9d0e', name: 'api', created_at: new Date(0) };

  it('lets a body its schema accepts through untouched, judged as JSON (a Date is its ISO string) and open to extra fields', () => {
    const ctx = fakeContext({ ...good, added_later: true });
    check(ctx, one);
    expect(ctx.status).toBe(200);
    expect(ctx.body).toEqual({ ...good, added_later: true });
    const page = fakeContext([good, good]);
    check(page, list);
    expect(page.status).toBe(200);
  });

  it('turns a mismatch into a 500 naming each issue, and logs it', () => {
    const ctx = fakeContext({ ...good, id: 'api-dev', name: 7 });
    check(ctx, one);
    expect(ctx.status).toBe(500);
    expect(ctx.body).toMatchObject({ id: 'response_mismatch', code: 500, issues: [{ path: 'id' }, { path: 'name' }] });
    expect((ctx.body as { message: string }).message).toContain('getAppsApp');
    expect(lines.some((l) => l.includes('response does not match its schema') && l.includes('getAppsApp'))).toBe(true);
    const page = fakeContext(good);
    check(page, list);
    expect(page.status).toBe(500);
  });
});

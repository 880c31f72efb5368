import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { container } from 'tsyringe';
import { PermissionDeniedError } from '../../errors.js';
import { authorizeOperation, checkedTarget, refusal } from './access-target.js';
import { decide } from './grants.js';

describe('operation targets', () => {
  it('checks reads that name nothing anywhere and writes that name nothing at platform scope', () => {
    expect(checkedTarget({ method: 'get' }, null)).toEqual({ anywhere: true });
    expect(checkedTarget({ method: 'post' }, null)).toEqual({});
    expect(checkedTarget({ method: 'get' }, { app: 'a1' })).toEqual({ app: 'a1' });
    const appViewer = [{ user: 'u', role: 'viewer' as const, scope: 'app' as const, scope_id: 'a1' }];
    expect(decide(appViewer, 'app:read', checkedTarget({ method: 'get' }, null))).toMatchObject({ allowed: true });
    expect(decide(appViewer, 'space:write', checkedTarget({ method: 'post' }, null))).toMatchObject({ allowed: false });
  });

  it('names the missing permission, and the elevated role a compliance space needs', () => {
    const e = refusal({ method: 'post', path: ['/apps/:app/builds'] }, { allowed: false, missing: 'build:create', reason: 'elevation_required' });
    expect(e).toBeInstanceOf(PermissionDeniedError);
    expect(e.permission).toBe('build:create');
    expect(e.message).toBe('POST /apps/:app/builds needs build:create from an admin or owner role (compliance space).');
  });

  it('lets every authenticated caller through when no Authorizer is installed', async () => {
    const c = container.createChildContainer();
    await expect(authorizeOperation(c, { method: 'delete', path: '/apps/:app', permission: 'app:write' }, { params: { app: 'x' }, principal: { id: 'u', username: 'u', email: '', roles: [] } })).resolves.toEqual({});
  });
});

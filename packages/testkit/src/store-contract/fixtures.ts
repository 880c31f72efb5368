import { newId, type App, type Job, type Organization, type PageRequest, type Space } from '@slipway/core';
/** A fixed instant tests count from. */
export const T0 = new Date('2030-01-01T00:00:00.000Z');
/** `seconds` after T0. */
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
/** A page request with defaults. */
export const page = (p: Partial<PageRequest> = {}): PageRequest => ({ sort: 'id', exclusive: false, max: 100, order: 'asc', ...p });
/** Code-unit order, as databases compare ids. */
export const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A fresh record for tests. */
export function org(name: string): Organization {
  return { id: newId(), name, description: `the ${name} org`, created_at: T0, updated_at: T0 };
}

/** A fresh record for tests. */
export function space(name: string): Space {
  return {
    id: newId(), name, description: '', compliance: ['hipaa', 'pci'], stack: 'ds1', state: 'allocated',
    version: 1, created_at: T0, updated_at: T0,
  };
}

/** A fresh record for tests. */
export function app(name: string, s: Space, o: Organization): App {
  return {
    id: newId(), name, space_id: s.id, organization_id: o.id, owner_id: newId(), owner_email: 'o@example.com',
    maintenance: false, released_at: null, description: '', image: null, version: 1, created_at: T0, updated_at: at(1),
  };
}

/** A fresh record for tests. */
export function job(kind: string, key: string, createdAt: Date, runAt = createdAt): Job {
  return {
    id: newId(), kind, key, payload: { n: createdAt.getTime() }, state: 'queued', attempts: 0, run_at: runAt,
    lease_owner: null, lease_expires_at: null, last_error: null, created_at: createdAt, updated_at: createdAt,
  };
}

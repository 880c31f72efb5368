import { describe, expect, it } from 'vitest';
import { ConcurrencyError, ConflictError, NotFoundError } from '@slipway/core';
import { ApiException } from '@kubernetes/client-node';
import { reconcile, type Manifest } from './reconcile.js';

/** An answered API failure as client-node raises it (status in `code`, the Status body as text). */
const failed = (code: number, reason: string) => new ApiException(code, `HTTP ${code}`, JSON.stringify({ kind: 'Status', code, reason, message: `${reason} happened` }), {});

/** A stored object with a resourceVersion precondition, like the API server keeps one. */
function stored(initial: Manifest | null) {
  let obj = initial;
  const writes: string[] = [];
  return {
    get: () => obj,
    writes,
    steps: (want: string, interfere?: () => void) => ({
      what: 'configmap x in ns',
      read: async () => (obj ? structuredClone(obj) : null),
      create: async () => {
        if (obj) throw failed(409, 'AlreadyExists');
        obj = { metadata: { resourceVersion: '1' }, data: want };
        writes.push('create');
      },
      patchFor: (cur: Manifest) => (cur.data === want ? null : { metadata: { resourceVersion: cur.metadata.resourceVersion }, data: want }),
      patch: async (body: Manifest) => {
        interfere?.();
        if (!obj) throw failed(404, 'NotFound');
        if (body.metadata.resourceVersion !== obj.metadata.resourceVersion) throw failed(409, 'Conflict');
        obj = { metadata: { resourceVersion: String(Number(obj.metadata.resourceVersion) + 1) }, data: body.data };
        writes.push('patch');
      },
    }),
  };
}

describe('reconcile', () => {
  it('creates, then patches a difference, then writes nothing when the object matches', async () => {
    const s = stored(null);
    expect(await reconcile(s.steps('a'))).toBe('created');
    expect(await reconcile(s.steps('b'))).toBe('patched');
    expect(await reconcile(s.steps('b'))).toBe('unchanged');
    expect(s.writes).toEqual(['create', 'patch']);
    expect(s.get()).toMatchObject({ data: 'b', metadata: { resourceVersion: '2' } });
  });

  it('starts over from a fresh read when someone wrote in between, so their write is not lost', async () => {
    const s = stored({ metadata: { resourceVersion: '5' }, data: 'old' });
    let once = true;
    // Another replica writes between this read and this patch, once.
    const other = () => {
      if (!once) return;
      s.get()!.metadata.resourceVersion = '6';
      once = false;
    };
    expect(await reconcile(s.steps('new', other))).toBe('patched');
    expect(s.get()).toMatchObject({ data: 'new', metadata: { resourceVersion: '7' } });
  });

  it('gives up with a ConcurrencyError after its attempts, and translates failures that are not races', async () => {
    const s = stored({ metadata: { resourceVersion: '1' }, data: 'old' });
    const always = () => void (s.get()!.metadata.resourceVersion += '+');
    await expect(reconcile(s.steps('new', always), 2)).rejects.toBeInstanceOf(ConcurrencyError);
    const gone = { ...s.steps('x'), read: async () => Promise.reject(failed(404, 'NotFound')) };
    await expect(reconcile(gone)).rejects.toBeInstanceOf(NotFoundError);
    const own = { ...s.steps('x'), read: async () => Promise.reject(failed(403, 'Forbidden')), toDomainError: (_: unknown, doing: string) => new ConflictError(doing) };
    await expect(reconcile(own)).rejects.toEqual(new ConflictError('writing configmap x in ns'));
  });
});

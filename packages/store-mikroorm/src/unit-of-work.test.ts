import { describe, expect, it } from 'vitest';
import type { Knex } from '@mikro-orm/knex';
import type { StoreTx } from '@slipway/core';
import { unitOfWork } from './unit-of-work.js';

// Repositories only close over their Db when built; nothing here runs a statement.
const db = () => ({ dialect: 'sqlite' as const, knex: (() => undefined) as unknown as Knex });

describe('unitOfWork', () => {
  it('builds a repository on first use, once, and shares it with objects derived from the unit of work', () => {
    const tx = unitOfWork(db());
    const derived = Object.create(tx) as StoreTx;
    expect(Object.hasOwn(tx, 'configVars')).toBe(false);
    const first = derived.configVars;
    expect(Object.hasOwn(tx, 'configVars')).toBe(true);
    expect(tx.configVars).toBe(first);
    expect(derived.configVars).toBe(first);
    expect(typeof tx.apps.find).toBe('function');
  });

  it('gives every unit of work repositories of its own', () => {
    const a = unitOfWork(db());
    const b = unitOfWork(db());
    expect(a.configVars).not.toBe(b.configVars);
    expect('hooks' in a && 'jobs' in a && 'audits' in a).toBe(true);
  });
});

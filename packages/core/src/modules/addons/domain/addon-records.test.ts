import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../errors.js';
import { attachmentVars, checkAddonName, credentialVars, generateAddonName, planPriceCents, secondaryPrefix } from './addon-records.js';
import { SecretBox, generateSecretKey, parseSecretKey } from '../../../kernel/secrets.js';

describe('addon naming and config vars', () => {
  it('prefixes secondaries with the name minus the service, as the seed shows', () => {
    expect(secondaryPrefix('alamo-postgres-abcdef-1235', 'alamo-postgres')).toBe('ABCDEF_1235_');
    expect(secondaryPrefix('mycoolname', 'postgresql')).toBe('MYCOOLNAME_');
    expect(secondaryPrefix('postgresql', 'postgresql')).toBe('POSTGRESQL_');
  });

  it('gives primaries plain vars and secondaries prefixed ones', () => {
    const vars = { DATABASE_URL: 'postgres://x' };
    expect(attachmentVars({ name: 'postgresql-fire-3242', primary: true }, 'postgresql', vars)).toEqual(vars);
    expect(attachmentVars({ name: 'postgresql-fire-3242', primary: false }, 'postgresql', vars)).toEqual({ FIRE_3242_DATABASE_URL: 'postgres://x' });
  });

  it('turns credentials into env vars: strings kept, objects as JSON, unusable keys and nulls dropped', () => {
    expect(credentialVars({ DATABASE_URL: 'u', port: 5432, 'bad-key': 'x', nested: { a: 1 }, gone: null })).toEqual({ DATABASE_URL: 'u', port: '5432', nested: '{"a":1}' });
  });

  it('checks names and generates seed-style ones', () => {
    expect(checkAddonName('MyCoolName', 'name')).toBe('mycoolname');
    for (const bad of ['', 'has space', '-lead', 'trail-', 'dou--ble', '1abc', 'x'.repeat(65)]) expect(() => checkAddonName(bad, 'name')).toThrow(ValidationError);
    const name = generateAddonName('postgresql');
    expect(name).toMatch(/^postgresql-[a-z]+-\d{4}$/);
    expect(checkAddonName(name, 'name')).toBe(name);
    expect(generateAddonName('9lives')).toMatch(/^a-9lives-/);
  });

  it('reads the monthly price from OSB costs', () => {
    expect(planPriceCents({ costs: [{ amount: { usd: 99.5 }, unit: 'MONTHLY' }] })).toBe(9950);
    expect(planPriceCents({})).toBe(0);
    expect(planPriceCents({ costs: [{ amount: { eur: 3 } }] })).toBe(0);
  });
});

describe('SecretBox', () => {
  it('round-trips with a fresh IV each time and refuses a wrong key or tampering', () => {
    const key = generateSecretKey();
    const box = new SecretBox(key);
    const a = box.sealJson({ DATABASE_URL: 'postgres://u:p@h/db' });
    const b = box.sealJson({ DATABASE_URL: 'postgres://u:p@h/db' });
    expect(a).not.toBe(b);
    expect(a).not.toContain('postgres');
    expect(box.openJson(a)).toEqual({ DATABASE_URL: 'postgres://u:p@h/db' });
    expect(() => new SecretBox(generateSecretKey()).open(a)).toThrow(/wrong secret key/);
    const raw = Buffer.from(a.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => box.open(`v1:${raw.toString('base64')}`)).toThrow(/wrong secret key or corrupted/);
    expect(() => box.open('plain text')).toThrow(/not a sealed value/);
  });

  it('accepts 32-byte keys as hex, base64 or bytes, and nothing shorter', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(parseSecretKey(bytes.toString('hex'))).toEqual(bytes);
    expect(parseSecretKey(bytes.toString('base64'))).toEqual(bytes);
    expect(parseSecretKey(new Uint8Array(bytes))).toEqual(bytes);
    expect(() => parseSecretKey('short')).toThrow(ValidationError);
    expect(() => parseSecretKey(new Uint8Array(16))).toThrow(ValidationError);
  });
});

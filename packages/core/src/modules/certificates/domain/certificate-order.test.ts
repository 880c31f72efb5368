import { describe, expect, it } from 'vitest';
import { explicitlyCovered, orderType, renewalDueAt } from './certificate-order.js';

describe('certificate order rules', () => {
  it('finds names an existing claiming order lists explicitly; wildcards and failed, uninstalled orders do not count', () => {
    const existing = [
      { domains: ['www.example.com', '*.example.com'], status: 'issued' as const, installed: true },
      { domains: ['old.example.com'], status: 'failed' as const, installed: false },
      { domains: ['kept.example.com'], status: 'failed' as const, installed: true },
    ];
    expect(explicitlyCovered(['www.example.com', 'api.example.com'], existing)).toEqual(['www.example.com']);
    expect(explicitlyCovered(['*.example.com', 'old.example.com'], existing)).toEqual([]);
    expect(explicitlyCovered(['kept.example.com'], existing)).toEqual(['kept.example.com']);
  });

  it('is due renewBeforeDays before expiry, never in the past', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(renewalDueAt(new Date('2030-03-01T00:00:00Z'), 30, now).toISOString()).toBe('2030-01-30T00:00:00.000Z');
    expect(renewalDueAt(new Date('2030-01-10T00:00:00Z'), 30, now)).toEqual(now);
  });

  it("reports the seed's type names", () => {
    expect([orderType('single'), orderType('multi_domain'), orderType('wildcard')]).toEqual(['ssl_plus', 'multi_domain', 'wildcard']);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiException } from '@kubernetes/client-node';
import { ConcurrencyError, ConflictError, DriverUnavailableError, NotFoundError, ValidationError } from '@slipway/core';
import { kubeErrors, kubeNativeErrors } from './kube-errors.js';
import { loadKubeConfig } from './kube-config.js';
import { appServiceName, labelValue, spaceNamespace } from './names.js';

const failed = (code: number, reason: string, message = `${reason} happened`) => new ApiException(code, `HTTP ${code}`, JSON.stringify({ kind: 'Status', code, reason, message }), {});

describe('kube errors', () => {
  it('reads the Status body into core errors, and lets an adapter read one status more finely', async () => {
    expect(kubeErrors.toDomainError(failed(404, 'NotFound'), 'reading x')).toEqual(new NotFoundError('reading x: NotFound happened'));
    expect(kubeErrors.toDomainError(failed(409, 'Conflict'), 'w')).toBeInstanceOf(ConcurrencyError);
    expect(kubeErrors.toDomainError(failed(409, 'AlreadyExists'), 'w')).toBeInstanceOf(ConflictError);
    expect(kubeErrors.toDomainError(failed(403, 'Forbidden'), 'w').message).toMatch(/RBAC/);
    expect(await kubeErrors.orNull('reading', () => Promise.reject(failed(404, 'NotFound')))).toBeNull();
    const finer = kubeNativeErrors({ 403: (m) => new ConflictError(m) });
    expect(finer.toDomainError(failed(403, 'Forbidden'), 'w')).toBeInstanceOf(ConflictError);
    expect(finer.toDomainError(failed(401, 'Unauthorized'), 'w')).toBeInstanceOf(DriverUnavailableError);
  });
});

describe('loadKubeConfig', () => {
  it('loads loadFromOptions input, switches context, and names the adapter\'s option when there is no cluster', () => {
    const options = {
      clusters: [{ name: 'a', server: 'https://a.example.invalid' }, { name: 'b', server: 'https://b.example.invalid' }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'ca', cluster: 'a', user: 'u' }, { name: 'cb', cluster: 'b', user: 'u' }],
      currentContext: 'ca',
    };
    expect(loadKubeConfig(options, undefined, 'kubeConfig').getCurrentCluster()?.server).toBe('https://a.example.invalid');
    expect(loadKubeConfig(options, 'cb', 'kubeConfig').getCurrentCluster()?.server).toBe('https://b.example.invalid');
    const none = { ...options, currentContext: 'missing' };
    expect(() => loadKubeConfig(none, undefined, 'kubeconfig')).toThrow(expect.objectContaining({ constructor: ValidationError, message: expect.stringMatching(/no current cluster/) }));
  });
});

describe('names', () => {
  it('derives the same namespace, Service and label value for every adapter', () => {
    expect(spaceNamespace('slipway-', 'Prod_EU')).toBe('slipway-prod-eu');
    expect(spaceNamespace('', '---')).toMatch(/^[0-9a-f]{8}$/);
    expect(appServiceName('9lives')).toBe('app-9lives');
    expect(appServiceName('shop')).toBe('shop');
    expect(labelValue('x'.repeat(64))).toMatch(/^h-[0-9a-f]{40}$/);
  });
});

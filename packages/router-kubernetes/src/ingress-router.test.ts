import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '@slipway/core';
import { FAKE_INGRESS_ADDRESS, startKubeFake, type KubeFake } from '@slipway/kube-fake';
import { appHost, createNamespaces, selfSigned, site, target, writesSince } from '../test/fixtures.js';
import { ingressRouter, type IngressRouter } from './ingress-router.js';
import { certificateSecretName } from './names.js';

let fake: KubeFake;
let router: IngressRouter;

const ing = (ns: string, name: string) => fake.registry.store.get('ingresses', ns, name);
const secret = (ns: string, name: string) => fake.registry.store.get('secrets', ns, name);
const backend = (service: string, port: number) => ({ service: { name: service, port: { number: port } } });

beforeAll(async () => {
  fake = await startKubeFake();
  await createNamespaces(fake, ['slipway-system', 'slipway-dev', 'slipway-prod']);
  router = ingressRouter({ kubeConfig: fake.kubeconfig(), ingressClassName: 'nginx' });
});
afterAll(async () => {
  await router?.close();
  await fake?.close();
});

describe('ingressRouter on the fake API server (real client)', () => {
  it("converges an app's default host to one Ingress in the app's namespace", async () => {
    await router.converge(appHost('api-dev.apps.example.test', target('api', 'dev', 5000)));
    const i = ing('slipway-dev', 'api-dev.apps.example.test')!;
    expect(i.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'slipway', 'slipway.io/router': 'ingress' });
    expect(i.spec).toEqual({ ingressClassName: 'nginx', rules: [{ host: 'api-dev.apps.example.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('api', 5000) }] } }] });
    expect(await router.hosts()).toEqual(['api-dev.apps.example.test']);
    await expect.poll(() => ing('slipway-dev', 'api-dev.apps.example.test')?.status?.loadBalancer?.ingress).toEqual([{ ip: FAKE_INGRESS_ADDRESS }]);
  });

  it('writes nothing on an unchanged re-converge, and one patch on a change', async () => {
    const host = 'api-dev.apps.example.test';
    let from = fake.requests.length;
    await router.converge(appHost(host, target('api', 'dev', 5000)));
    expect(writesSince(fake, from, ['ingresses', 'secrets'])).toEqual([]);
    from = fake.requests.length;
    await router.converge(appHost(host, target('api', 'dev', 6000)));
    expect(writesSince(fake, from, ['ingresses'])).toEqual([`patch ingresses slipway-dev/${host}`]);
    expect(ing('slipway-dev', host)!.spec.rules[0].http.paths[0].backend).toEqual(backend('api', 6000));
  });

  it('routes a two-path site across namespaces and drops a namespace the site left', async () => {
    const host = 'shop.example.test';
    await router.converge(site(host, [['/', '/', target('web', 'prod')], ['/api', '/api', target('api', 'dev', 6000)]]));
    expect(ing('slipway-prod', host)!.spec.rules[0].http.paths).toEqual([{ path: '/', pathType: 'Prefix', backend: backend('web', 5000) }]);
    expect(ing('slipway-dev', host)!.spec.rules[0].http.paths).toEqual([{ path: '/api', pathType: 'Prefix', backend: backend('api', 6000) }]);
    await router.converge(appHost(host, target('web', 'prod')));
    expect(ing('slipway-dev', host)).toBeUndefined();
    expect(await router.hosts()).toEqual(['api-dev.apps.example.test', host]);
  });

  it('refuses a target-path rewrite (Ingress has no portable one) without writing anything', async () => {
    const from = fake.requests.length;
    await expect(router.converge(site('shop.example.test', [['/blog', '/', target('blog', 'prod')]]))).rejects.toBeInstanceOf(ValidationError);
    expect(writesSince(fake, from, ['ingresses'])).toEqual([]);
    expect(ing('slipway-prod', 'shop.example.test')!.spec.rules[0].http.paths[0].path).toBe('/');
  });

  it('sends paths of an app in maintenance to the maintenance backend, and back', async () => {
    const host = 'api-dev.apps.example.test';
    await router.converge(appHost(host, target('api', 'dev', 6000, true)));
    expect(ing('slipway-dev', host)!.spec.rules[0].http.paths[0].backend).toEqual(backend('slipway-maintenance', 80));
    await router.converge(appHost(host, target('api', 'dev', 6000)));
    expect(ing('slipway-dev', host)!.spec.rules[0].http.paths[0].backend).toEqual(backend('api', 6000));
    expect(ing('slipway-dev', host)!.metadata.annotations?.['slipway.io/maintenance']).toBeUndefined();
  });

  it('serves TLS from a kubernetes.io/tls Secret: copied next to the Ingress, exact name before wildcard, removed cleanly', async () => {
    const host = 'shop.example.test';
    const wildcard = certificateSecretName('wild');
    const exact = certificateSecretName('exact');
    await router.installCertificate({ id: 'wild', domains: ['*.example.test'], ...selfSigned(['*.example.test']) });
    expect(secret('slipway-system', wildcard)!.type).toBe('kubernetes.io/tls');
    expect(secret('slipway-prod', wildcard)!.data).toEqual(secret('slipway-system', wildcard)!.data);
    expect(ing('slipway-prod', host)!.spec.tls).toEqual([{ hosts: [host], secretName: wildcard }]);
    // One label under the wildcard only: the app host has two labels under example.test.
    expect(ing('slipway-dev', 'api-dev.apps.example.test')!.spec.tls).toBeUndefined();

    const from = fake.requests.length;
    await router.converge(appHost(host, target('web', 'prod')));
    expect(writesSince(fake, from, ['ingresses', 'secrets'])).toEqual([]);

    await router.installCertificate({ id: 'exact', domains: [host], ...selfSigned([host]) });
    expect(ing('slipway-prod', host)!.spec.tls).toEqual([{ hosts: [host], secretName: exact }]);
    await router.removeCertificate('exact');
    expect(ing('slipway-prod', host)!.spec.tls).toEqual([{ hosts: [host], secretName: wildcard }]);
    expect(secret('slipway-prod', exact)).toBeUndefined();
    expect(secret('slipway-system', exact)).toBeUndefined();

    await router.removeCertificate('wild');
    expect(ing('slipway-prod', host)!.spec.tls).toBeUndefined();
    expect(secret('slipway-prod', wildcard)).toBeUndefined();
    expect(secret('slipway-system', wildcard)).toBeUndefined();
    await router.removeCertificate('wild');
  });

  it('retries on 409 when another replica wrote in between', async () => {
    const host = 'api-dev.apps.example.test';
    const other = ingressRouter({ kubeConfig: fake.kubeconfig(), ingressClassName: 'nginx' });
    const from = fake.requests.length;
    fake.setLatency(60);
    try {
      await Promise.all([router.converge(appHost(host, target('api', 'dev', 7000))), other.converge(appHost(host, target('api', 'dev', 7001)))]);
    } finally {
      fake.setLatency(0);
    }
    expect(fake.requests.slice(from).filter((r) => r.plural === 'ingresses' && r.verb === 'patch' && r.status === 409).length).toBeGreaterThanOrEqual(1);
    expect([7000, 7001]).toContain(ing('slipway-dev', host)!.spec.rules[0].http.paths[0].backend.service.port.number);
    await other.close();
  });

  it('removes hosts idempotently', async () => {
    await router.remove('shop.example.test');
    await router.remove('shop.example.test');
    await router.remove('api-dev.apps.example.test');
    expect(await router.hosts()).toEqual([]);
    expect(ing('slipway-prod', 'shop.example.test')).toBeUndefined();
  });
});

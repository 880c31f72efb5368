import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, DriverUnavailableError, NotFoundError, ValidationError } from '@slipway/core';
import { FAKE_GATEWAY_CONTROLLER, startKubeFake, type KubeFake } from '@slipway/kube-fake';
import { UNREACHABLE_KUBECONFIG, appHost, createNamespaces, selfSigned, site, target, writesSince } from '../test/fixtures.js';
import { gatewayApiRouter, type GatewayApiRouter } from './gateway-api-router.js';
import { certificateSecretName } from './names.js';

let fake: KubeFake;
let router: GatewayApiRouter;
const parentRef = { name: 'public', namespace: 'gateways', sectionName: 'https' };

const route = (ns: string, name: string) => fake.registry.store.get('httproutes', ns, name);

beforeAll(async () => {
  fake = await startKubeFake();
  await createNamespaces(fake, ['gateways', 'slipway-dev', 'slipway-prod', 'slipway-busy']);
  router = gatewayApiRouter({ kubeConfig: fake.kubeconfig(), parentRef });
});
afterAll(async () => {
  await router?.close();
  await fake?.close();
});

describe('gatewayApiRouter on the fake API server (real client)', () => {
  it("converges an app's default host to one HTTPRoute in the app's namespace, accepted by the Gateway controller", async () => {
    await router.converge(appHost('events-dev.apps.example.test', target('events', 'dev', 5000)));
    const r = route('slipway-dev', 'events-dev.apps.example.test')!;
    expect(r.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'slipway', 'slipway.io/router': 'gateway-api' });
    expect(r.metadata.annotations).toMatchObject({ 'slipway.io/host': 'events-dev.apps.example.test' });
    expect(r.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['events-dev.apps.example.test'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: 'events', port: 5000, weight: 1 }] }],
    });
    expect(await router.hosts()).toEqual(['events-dev.apps.example.test']);
    await expect.poll(() => route('slipway-dev', 'events-dev.apps.example.test')?.status?.parents?.[0]).toMatchObject({
      controllerName: FAKE_GATEWAY_CONTROLLER,
      conditions: expect.arrayContaining([expect.objectContaining({ type: 'Accepted', status: 'True', observedGeneration: 1 })]),
    });
  });

  it('writes nothing when converging an unchanged host again, even after the controller wrote status', async () => {
    const spec = appHost('events-dev.apps.example.test', target('events', 'dev', 5000));
    await expect.poll(() => route('slipway-dev', 'events-dev.apps.example.test')?.status?.parents?.length).toBe(1);
    const from = fake.requests.length;
    await router.converge(spec);
    await router.converge(spec);
    expect(writesSince(fake, from, ['httproutes'])).toEqual([]);
  });

  it('replaces a host in place: one patch, new port and paths, generation bumped', async () => {
    const from = fake.requests.length;
    await router.converge(site('events-dev.apps.example.test', [['/v2', '/v2', target('events', 'dev', 5001)]]));
    expect(writesSince(fake, from, ['httproutes'])).toEqual(['patch httproutes slipway-dev/events-dev.apps.example.test']);
    const r = route('slipway-dev', 'events-dev.apps.example.test')!;
    expect(r.metadata.generation).toBe(2);
    expect(r.spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/v2' } }], backendRefs: [{ group: '', kind: 'Service', name: 'events', port: 5001, weight: 1 }] }]);
  });

  it('routes a two-path site with a target-path rewrite, split by namespace, and drops a namespace the site left', async () => {
    const host = 'www.example.test';
    await router.converge(
      site(host, [
        ['/', '/', target('web', 'prod', 5000)],
        ['/blog', '/', target('blog', 'dev', 8080)],
        ['/docs', '/v2/docs', target('web', 'prod', 5000)],
      ]),
    );
    expect(route('slipway-prod', host)!.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: 'web', port: 5000, weight: 1 }] },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/docs' } }],
        filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2/docs' } } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'web', port: 5000, weight: 1 }],
      },
    ]);
    expect(route('slipway-dev', host)!.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/blog' } }],
        filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'blog', port: 8080, weight: 1 }],
      },
    ]);
    expect(route('slipway-dev', host)!.spec.hostnames).toEqual([host]);
    expect(await router.hosts()).toEqual(['events-dev.apps.example.test', host]);

    await router.converge(site(host, [['/', '/', target('web', 'prod', 5000)], ['/blog', '/', target('blog', 'prod', 8080)]]));
    expect(route('slipway-dev', host)).toBeUndefined();
    expect(route('slipway-prod', host)!.spec.rules.map((x: any) => x.matches[0].path.value)).toEqual(['/', '/blog']);
  });

  it('leaves out the backend while the app is in maintenance (the Gateway answers 503), and restores it', async () => {
    const host = 'events-dev.apps.example.test';
    await router.converge(appHost(host, target('events', 'dev', 5000, true)));
    const down = route('slipway-dev', host)!;
    expect(down.spec.rules[0].backendRefs).toBeUndefined();
    expect(down.metadata.annotations?.['slipway.io/maintenance']).toBe('true');
    await router.converge(appHost(host, target('events', 'dev', 5000)));
    const up = route('slipway-dev', host)!;
    expect(up.spec.rules[0].backendRefs).toHaveLength(1);
    expect(up.metadata.annotations?.['slipway.io/maintenance']).toBeUndefined();
  });

  it('removes a host everywhere, idempotently', async () => {
    await router.remove('www.example.test');
    expect(route('slipway-prod', 'www.example.test')).toBeUndefined();
    await router.remove('www.example.test');
    await router.remove('never.example.test');
    expect(await router.hosts()).toEqual(['events-dev.apps.example.test']);
  });

  it('retries on 409 when another replica wrote in between, and loses no update', async () => {
    const host = 'busy.example.test';
    await router.converge(appHost(host, target('busy', 'busy', 5000)));
    const other = gatewayApiRouter({ kubeConfig: fake.kubeconfig(), parentRef });
    const from = fake.requests.length;
    fake.setLatency(60);
    try {
      // Both replicas read the same resourceVersion; the second patch is refused and recomputed from a fresh read.
      await Promise.all([router.converge(appHost(host, target('busy', 'busy', 5001))), other.converge(site(host, [['/x', '/x', target('busy', 'busy', 5001)]]))]);
    } finally {
      fake.setLatency(0);
    }
    const conflicts = fake.requests.slice(from).filter((r) => r.plural === 'httproutes' && r.verb === 'patch' && r.status === 409);
    expect(conflicts.length).toBeGreaterThanOrEqual(1);
    const paths = route('slipway-busy', host)!.spec.rules.map((x: any) => x.matches[0].path.value);
    expect([['/'], ['/x']]).toContainEqual(paths);
    // Whichever wrote last wrote its whole spec on the latest version: re-converging it writes nothing.
    const last = paths[0] === '/' ? appHost(host, target('busy', 'busy', 5001)) : site(host, [['/x', '/x', target('busy', 'busy', 5001)]]);
    const mark = fake.requests.length;
    await other.converge(last);
    expect(writesSince(fake, mark, ['httproutes'])).toEqual([]);
    await other.close();
  });

  it('does not take over an HTTPRoute of the same name that it does not manage', async () => {
    const res = await fetch(`${fake.url}/apis/gateway.networking.k8s.io/v1/namespaces/slipway-dev/httproutes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${fake.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'theirs.example.test' }, spec: { hostnames: ['theirs.example.test'] } }),
    });
    expect(res.status).toBe(201);
    await expect(router.converge(appHost('theirs.example.test', target('events', 'dev')))).rejects.toBeInstanceOf(ConflictError);
    expect(await router.hosts()).not.toContain('theirs.example.test');
  });

  it('refuses invalid specs before writing, and reports a missing namespace and an unreachable cluster as core errors', async () => {
    await expect(router.converge(appHost('Not A Host', target('events', 'dev')))).rejects.toBeInstanceOf(ValidationError);
    await expect(router.converge(site('x.example.test', [['api', '/', target('events', 'dev')]]))).rejects.toBeInstanceOf(ValidationError);
    await expect(router.converge(appHost('ghost.example.test', target('app', 'nospace')))).rejects.toBeInstanceOf(NotFoundError);
    const down = gatewayApiRouter({ kubeConfig: UNREACHABLE_KUBECONFIG, parentRef });
    await expect(down.hosts()).rejects.toBeInstanceOf(DriverUnavailableError);
    expect(() => gatewayApiRouter({ kubeConfig: fake.kubeconfig(), parentRef: { name: '', namespace: 'gateways' } })).toThrow(ValidationError);
  });

  it('installs a certificate as a kubernetes.io/tls Secret next to the Gateway, replaces it by id, and removes it', async () => {
    const first = selfSigned(['www.example.test']);
    await router.installCertificate({ id: 'order-1', domains: ['www.example.test'], ...first });
    const name = certificateSecretName('order-1');
    expect(router.certificateNamespace).toBe('gateways');
    const s = fake.registry.store.get('secrets', 'gateways', name)!;
    expect(s.type).toBe('kubernetes.io/tls');
    expect(Buffer.from((s.data as Record<string, string>)['tls.crt'], 'base64').toString()).toBe(first.cert_pem);
    expect(Buffer.from((s.data as Record<string, string>)['tls.key'], 'base64').toString()).toBe(first.key_pem);
    expect(s.metadata.annotations).toMatchObject({ 'slipway.io/certificate-id': 'order-1', 'slipway.io/domains': '["www.example.test"]' });

    const renewed = selfSigned(['www.example.test']);
    const from = fake.requests.length;
    await router.installCertificate({ id: 'order-1', domains: ['www.example.test'], ...renewed });
    await router.installCertificate({ id: 'order-1', domains: ['www.example.test'], ...renewed });
    expect(writesSince(fake, from, ['secrets'])).toEqual([`patch secrets gateways/${name}`]);
    expect(Buffer.from((fake.registry.store.get('secrets', 'gateways', name)!.data as Record<string, string>)['tls.key'], 'base64').toString()).toBe(renewed.key_pem);

    await router.removeCertificate('order-1');
    expect(fake.registry.store.get('secrets', 'gateways', name)).toBeUndefined();
    await router.removeCertificate('order-1');
  });

  it('never puts the private key in an error', async () => {
    const pair = selfSigned(['a.example.test']);
    const nowhere = gatewayApiRouter({ kubeConfig: fake.kubeconfig(), parentRef: { name: 'gw', namespace: 'no-such-namespace' } });
    const err = await nowhere.installCertificate({ id: 'k', domains: ['a.example.test'], ...pair }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    const keyBody = pair.key_pem.split('\n')[1];
    expect(String((err as Error).message)).not.toContain(keyBody);
    expect(JSON.stringify(err)).not.toContain(keyBody);
    const bad = await router.installCertificate({ id: 'k', domains: ['a.example.test'], cert_pem: pair.key_pem, key_pem: pair.key_pem }).catch((e: Error) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as Error).message).not.toContain(keyBody);
  });
});

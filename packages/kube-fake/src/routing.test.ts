import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, wire } from '../test/wire.js';
import { FAKE_GATEWAY_CONTROLLER, FAKE_INGRESS_ADDRESS, startKubeFake, type KubeFake } from './index.js';

let fake: KubeFake;
let api: ReturnType<typeof wire>;

const ROUTES = (ns: string) => `/apis/gateway.networking.k8s.io/v1/namespaces/${ns}/httproutes`;
const INGRESSES = (ns: string) => `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`;
const MERGE = 'application/merge-patch+json';

const route = (name: string, backend: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, labels: { owner: 'test' } },
  spec: {
    parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
    hostnames: [`${name}.example.test`],
    rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }], backendRefs: [{ name: backend, port: 5000 }] }],
  },
});

const service = (name: string) => ({ metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 5000 }] } });

beforeAll(async () => {
  fake = await startKubeFake();
  api = wire(fake);
  for (const ns of ['routes', 'ing', 'gw-val']) await api('POST', '/api/v1/namespaces', { metadata: { name: ns } });
});
afterAll(async () => {
  await fake?.close();
});

describe('Gateway API HTTPRoutes in the fake', () => {
  it('serves discovery for the routing groups and metrics.k8s.io', async () => {
    const groups = (await api('GET', '/apis')).body.groups.map((g: any) => g.preferredVersion.groupVersion);
    expect(groups).toEqual(expect.arrayContaining(['gateway.networking.k8s.io/v1', 'networking.k8s.io/v1', 'metrics.k8s.io/v1beta1', 'apps/v1']));
    const gw = (await api('GET', '/apis/gateway.networking.k8s.io/v1')).body.resources.map((r: any) => r.name);
    expect(gw).toEqual(['httproutes', 'httproutes/status']);
  });

  it('creates with the CRD defaults, generation 1, and a status written by the fake controller', async () => {
    const created = await api('POST', ROUTES('routes'), route('shop', 'shop'));
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ generation: 1, resourceVersion: expect.any(String), uid: expect.any(String) });
    expect(created.body.status).toBeUndefined();
    expect(created.body.spec.parentRefs[0]).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'https' });
    expect(created.body.spec.rules[0].backendRefs[0]).toEqual({ group: '', kind: 'Service', name: 'shop', port: 5000, weight: 1 });
    const withStatus = await until('route status', async () => {
      const r = (await api('GET', `${ROUTES('routes')}/shop`)).body;
      return r.status?.parents?.length ? r : undefined;
    });
    expect(Number(withStatus.metadata.resourceVersion)).toBeGreaterThan(Number(created.body.metadata.resourceVersion));
    const [parent] = withStatus.status.parents;
    expect(parent).toMatchObject({ controllerName: FAKE_GATEWAY_CONTROLLER, parentRef: { name: 'public', namespace: 'gateways', sectionName: 'https' } });
    expect(parent.conditions.find((c: any) => c.type === 'Accepted')).toMatchObject({ status: 'True', observedGeneration: 1 });
    // No Service "shop" yet: the backend does not resolve.
    expect(parent.conditions.find((c: any) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'BackendNotFound' });

    await api('POST', '/api/v1/namespaces/routes/services', service('shop'));
    await until('ResolvedRefs once the Service exists', async () => {
      const r = (await api('GET', `${ROUTES('routes')}/shop`)).body;
      return r.status.parents[0].conditions.find((c: any) => c.type === 'ResolvedRefs').status === 'True' ? r : undefined;
    });
  });

  it('merge-patches with resourceVersion preconditions, bumps generation on spec changes, keeps status out of object writes', async () => {
    const cur = await until('status', async () => {
      const r = (await api('GET', `${ROUTES('routes')}/shop`)).body;
      return r.status?.parents?.length ? r : undefined;
    });
    const stale = await api('PATCH', `${ROUTES('routes')}/shop`, { metadata: { resourceVersion: String(Number(cur.metadata.resourceVersion) - 1) }, spec: { hostnames: ['other.example.test'] } }, MERGE);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ kind: 'Status', reason: 'Conflict', details: { group: 'gateway.networking.k8s.io', kind: 'httproutes', name: 'shop' } });
    const patched = await api('PATCH', `${ROUTES('routes')}/shop`, { metadata: { resourceVersion: cur.metadata.resourceVersion }, spec: { hostnames: ['other.example.test'] }, status: { parents: [] } }, MERGE);
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.generation).toBe(2);
    expect(patched.body.status.parents).toHaveLength(1);
    const labelsOnly = await api('PATCH', `${ROUTES('routes')}/shop`, { metadata: { labels: { extra: 'x' } } }, MERGE);
    expect(labelsOnly.body.metadata.generation).toBe(2);
    await until('observedGeneration 2', async () => {
      const r = (await api('GET', `${ROUTES('routes')}/shop`)).body;
      return r.status.parents[0].conditions.every((c: any) => c.observedGeneration === 2) ? r : undefined;
    });
  });

  it('lists by label in a namespace and across namespaces, and deletes', async () => {
    await api('POST', ROUTES('ing'), route('blog', 'blog'));
    const inNs = (await api('GET', `${ROUTES('routes')}?labelSelector=owner%3Dtest`)).body;
    expect(inNs.kind).toBe('HTTPRouteList');
    expect(inNs.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(inNs.items.map((r: any) => r.metadata.name)).toEqual(['shop']);
    const all = (await api('GET', '/apis/gateway.networking.k8s.io/v1/httproutes?labelSelector=owner%3Dtest')).body;
    expect(all.items.map((r: any) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual(['ing/blog', 'routes/shop']);
    const del = await api('DELETE', `${ROUTES('ing')}/blog`);
    expect(del.status).toBe(200);
    expect(del.body.metadata.name).toBe('blog');
    expect((await api('GET', `${ROUTES('ing')}/blog`)).body).toMatchObject({ reason: 'NotFound', message: 'httproutes.gateway.networking.k8s.io "blog" not found' });
  });

  it('refuses what the CRD schema and its CEL rules refuse', async () => {
    const base = route('bad', 'svc');
    const noPort = structuredClone(base);
    delete (noPort.spec.rules[0].backendRefs[0] as { port?: number }).port;
    expect((await api('POST', ROUTES('gw-val'), noPort)).body).toMatchObject({ code: 422, reason: 'Invalid', message: expect.stringContaining('Must have port for Service reference') });
    const twoMatches = structuredClone(base);
    twoMatches.spec.rules[0].matches.push({ path: { type: 'PathPrefix', value: '/b' } });
    expect((await api('POST', ROUTES('gw-val'), twoMatches)).body.message).toContain('exactly one PathPrefix match');
    const badHost = { ...structuredClone(base), spec: { ...base.spec, hostnames: ['Not_A_Host'] } };
    expect((await api('POST', ROUTES('gw-val'), badHost)).status).toBe(422);
    const relative = structuredClone(base);
    relative.spec.rules[0].matches[0].path.value = 'api';
    expect((await api('POST', ROUTES('gw-val'), relative)).status).toBe(422);
  });
});

describe('Ingresses and TLS secrets in the fake', () => {
  const ingress = (name: string) => ({
    metadata: { name },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.test'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { number: 5000 } } } }] } }],
    },
  });

  it('creates, publishes a load-balancer address, patches with preconditions and deletes', async () => {
    const created = await api('POST', INGRESSES('ing'), ingress('shop'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', metadata: { generation: 1 } });
    const live = await until('ingress status', async () => {
      const i = (await api('GET', `${INGRESSES('ing')}/shop`)).body;
      return i.status?.loadBalancer?.ingress ? i : undefined;
    });
    expect(live.status.loadBalancer.ingress).toEqual([{ ip: FAKE_INGRESS_ADDRESS }]);
    const stale = await api('PATCH', `${INGRESSES('ing')}/shop`, { metadata: { resourceVersion: created.body.metadata.resourceVersion }, spec: { ingressClassName: 'other' } }, MERGE);
    expect(stale.status).toBe(409);
    const patched = await api('PATCH', `${INGRESSES('ing')}/shop`, { metadata: { resourceVersion: live.metadata.resourceVersion }, spec: { ingressClassName: 'other' } }, MERGE);
    expect(patched.body.metadata.generation).toBe(2);
    const del = await api('DELETE', `${INGRESSES('ing')}/shop`);
    expect(del.body).toMatchObject({ kind: 'Status', status: 'Success' });
  });

  it('requires pathType and one backend port, and both halves of a kubernetes.io/tls secret', async () => {
    const noType = ingress('bad');
    delete (noType.spec.rules[0].http.paths[0] as { pathType?: string }).pathType;
    expect((await api('POST', INGRESSES('ing'), noType)).body).toMatchObject({ code: 422, message: expect.stringContaining('pathType must be specified') });
    const noPort = ingress('bad');
    noPort.spec.rules[0].http.paths[0].backend.service.port = {} as { number: number };
    expect((await api('POST', INGRESSES('ing'), noPort)).status).toBe(422);
    const halfTls = await api('POST', '/api/v1/namespaces/ing/secrets', { metadata: { name: 'half' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x' } });
    expect(halfTls.body).toMatchObject({ code: 422, message: expect.stringContaining('tls.key') });
    const tls = await api('POST', '/api/v1/namespaces/ing/secrets', { metadata: { name: 'whole' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x', 'tls.key': 'y' } });
    expect(tls.status).toBe(201);
  });
});

describe('metrics.k8s.io in the fake (simulated pods)', () => {
  it('lists and gets PodMetrics of running pods with the runtime-reported usage, read-only', async () => {
    await api('POST', '/api/v1/namespaces', { metadata: { name: 'm' } });
    await api('POST', '/apis/apps/v1/namespaces/m/deployments', {
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'img:1' }] } } },
    });
    const pods = await until('two running pods', async () => {
      const items = (await api('GET', '/api/v1/namespaces/m/pods')).body.items;
      return items.length === 2 && items.every((p: any) => p.status.phase === 'Running') ? items : undefined;
    });
    const [a, b] = pods.map((p: any) => p.metadata.name).sort();
    fake.simulated!.setUsage('m', a, { cpuNanoCores: 250_000_000, memoryBytes: 64 * 2 ** 20 });
    const list = (await api('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/m/pods?labelSelector=app%3Dweb')).body;
    expect(list).toMatchObject({ kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' });
    expect(list.items.map((i: any) => i.metadata.name).sort()).toEqual([a, b]);
    const one = (await api('GET', `/apis/metrics.k8s.io/v1beta1/namespaces/m/pods/${a}`)).body;
    expect(one).toMatchObject({ kind: 'PodMetrics', metadata: { name: a, namespace: 'm', labels: { app: 'web' } }, window: expect.stringMatching(/s$/) });
    expect(one.containers).toEqual([{ name: 'app', usage: { cpu: '250000000n', memory: '65536Ki' } }]);
    expect((await api('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/m/pods?labelSelector=app%3Dother')).body.items).toEqual([]);
    expect((await api('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/m/pods/nope')).body).toMatchObject({ code: 404, reason: 'NotFound', message: 'podmetrics.metrics.k8s.io "nope" not found' });
    expect((await api('DELETE', `/apis/metrics.k8s.io/v1beta1/namespaces/m/pods/${a}`)).status).toBe(405);
    const node = (await api('GET', '/apis/metrics.k8s.io/v1beta1/nodes')).body.items[0];
    expect(node.usage.cpu).toMatch(/^\d+n$/);
    const recorded = fake.requests.filter((r) => r.group === 'metrics.k8s.io' && r.plural === 'pods').map((r) => r.verb);
    expect(recorded).toEqual(expect.arrayContaining(['get', 'list']));
  });
});

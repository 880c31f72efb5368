import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, wire } from '../test/wire.js';
import { startKubeFake, type KubeFake } from './index.js';

let fake: KubeFake;
let api: ReturnType<typeof wire>;

const deployment = (name: string, image: string, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
  },
});

beforeAll(async () => {
  fake = await startKubeFake({ kubelet: { tickMs: 20, crashBackoffMs: 100 } });
  api = wire(fake);
});
afterAll(async () => {
  await fake?.close();
});

describe('kube fake API server', () => {
  it('answers unauthenticated requests with a 401 Status', async () => {
    const res = await fetch(`${fake.url}/api/v1/namespaces`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });

  it('creates, reads and lists with resourceVersions, and 404s with a NotFound Status', async () => {
    const created = await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'crud' } });
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'crud', uid: expect.any(String), resourceVersion: expect.any(String) });
    expect(created.body.status.phase).toBe('Active');
    const again = await api('POST', '/api/v1/namespaces', { metadata: { name: 'crud' } });
    expect(again.body).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', code: 409 });
    const list = await api('GET', '/api/v1/namespaces?labelSelector=kubernetes.io%2Fmetadata.name%3Dcrud');
    expect(list.body.kind).toBe('NamespaceList');
    expect(list.body.items.map((n: any) => n.metadata.name)).toEqual(['crud']);
    expect(Number(list.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(created.body.metadata.resourceVersion));
    const missing = await api('GET', '/apis/apps/v1/namespaces/crud/deployments/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'deployments.apps "nope" not found', details: { name: 'nope', group: 'apps', kind: 'deployments' } });
    const noNs = await api('POST', '/api/v1/namespaces/ghost/secrets', { metadata: { name: 's' } });
    expect(noNs.body).toMatchObject({ reason: 'NotFound', message: 'namespaces "ghost" not found' });
  });

  it('rejects stale writes with 409 Conflict and skips no-op updates', async () => {
    await api('POST', '/api/v1/namespaces', { metadata: { name: 'occ' } });
    const s = (await api('POST', '/api/v1/namespaces/occ/secrets', { metadata: { name: 'cfg' }, stringData: { A: '1' } })).body;
    expect(s.data).toEqual({ A: Buffer.from('1').toString('base64') });
    const first = await api('PUT', '/api/v1/namespaces/occ/secrets/cfg', { ...s, data: { A: Buffer.from('2').toString('base64') } });
    expect(first.status).toBe(200);
    expect(Number(first.body.metadata.resourceVersion)).toBeGreaterThan(Number(s.metadata.resourceVersion));
    const stale = await api('PUT', '/api/v1/namespaces/occ/secrets/cfg', { ...s, data: { A: Buffer.from('3').toString('base64') } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409 });
    const noop = await api('PUT', '/api/v1/namespaces/occ/secrets/cfg', first.body);
    expect(noop.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
    const stalePatch = await api('PATCH', '/api/v1/namespaces/occ/secrets/cfg', { metadata: { resourceVersion: s.metadata.resourceVersion }, data: { B: 'eA==' } }, 'application/merge-patch+json');
    expect(stalePatch.status).toBe(409);
    const patched = await api('PATCH', '/api/v1/namespaces/occ/secrets/cfg', { data: { B: 'eA==' } }, 'application/merge-patch+json');
    expect(patched.body.data).toMatchObject({ B: 'eA==' });
    const json = await api('PATCH', '/api/v1/namespaces/occ/secrets/cfg', [{ op: 'remove', path: '/data/B' }], 'application/json-patch+json');
    expect(json.body.data.B).toBeUndefined();
    const strategic = await api('PATCH', '/api/v1/namespaces/occ/secrets/cfg', { data: {} }, 'application/strategic-merge-patch+json');
    expect(strategic.status).toBe(415);
    expect(strategic.body.reason).toBe('UnsupportedMediaType');
    const invalid = await api('POST', '/api/v1/namespaces/occ/secrets', { metadata: { name: 'Bad_Name' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.reason).toBe('Invalid');
  });

  it('streams watch events from a resourceVersion, filtered by label selector', async () => {
    await api('POST', '/api/v1/namespaces', { metadata: { name: 'w' } });
    const start = (await api('GET', '/api/v1/namespaces/w/secrets')).body.metadata.resourceVersion;
    const ac = new AbortController();
    const res = await fetch(`${fake.url}/api/v1/namespaces/w/secrets?watch=true&resourceVersion=${start}&labelSelector=team%3Da`, {
      headers: { Authorization: `Bearer ${fake.token}` },
      signal: ac.signal,
    });
    expect(res.status).toBe(200);
    await api('POST', '/api/v1/namespaces/w/secrets', { metadata: { name: 'one', labels: { team: 'a' } } });
    await api('POST', '/api/v1/namespaces/w/secrets', { metadata: { name: 'other', labels: { team: 'b' } } });
    await api('PATCH', '/api/v1/namespaces/w/secrets/one', { metadata: { labels: { team: 'b' } } }, 'application/merge-patch+json');
    const reader = res.body!.getReader();
    let text = '';
    while (text.split('\n').filter(Boolean).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    const events = text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'one'],
      ['DELETED', 'one'],
    ]);
    expect(events[0].object.kind).toBe('Secret');
  });

  it('runs a deployment: ReplicaSet, pods through their phases, rolling update, status and graceful deletion', async () => {
    await api('POST', '/api/v1/namespaces', { metadata: { name: 'apps' } });
    const d = await api('POST', '/apis/apps/v1/namespaces/apps/deployments', deployment('web', 'img:1', 2));
    expect(d.status).toBe(201);
    expect(d.body.metadata.generation).toBe(1);
    expect(d.body.spec.template.spec.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' });
    const done = await until('the rollout', async () => {
      const cur = (await api('GET', '/apis/apps/v1/namespaces/apps/deployments/web')).body;
      return cur.status.availableReplicas === 2 && cur.status.updatedReplicas === 2 ? cur : undefined;
    });
    expect(done.status.observedGeneration).toBe(1);
    expect(done.status.conditions.find((c: any) => c.type === 'Progressing').reason).toBe('NewReplicaSetAvailable');
    const pods = (await api('GET', '/api/v1/namespaces/apps/pods?labelSelector=app%3Dweb')).body.items;
    expect(pods).toHaveLength(2);
    expect(pods[0].status).toMatchObject({ phase: 'Running', podIP: expect.any(String) });
    expect(pods[0].metadata.ownerReferences[0]).toMatchObject({ kind: 'ReplicaSet', controller: true });
    expect(pods[0].metadata.labels['pod-template-hash']).toBeTruthy();

    const updated = await api('PUT', '/apis/apps/v1/namespaces/apps/deployments/web', {
      ...done,
      spec: { ...done.spec, template: { ...done.spec.template, spec: { containers: [{ name: 'app', image: 'img:2' }] } } },
    });
    expect(updated.body.metadata.generation).toBe(2);
    await until('the second rollout', async () => {
      const ps = (await api('GET', '/api/v1/namespaces/apps/pods?labelSelector=app%3Dweb')).body.items;
      return ps.length === 2 && ps.every((p: any) => p.spec.containers[0].image === 'img:2' && p.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')) ? ps : undefined;
    });
    const rss = (await api('GET', '/apis/apps/v1/namespaces/apps/replicasets')).body.items;
    expect(rss.map((r: any) => r.metadata.annotations['deployment.kubernetes.io/revision']).sort()).toEqual(['1', '2']);

    const victim = (await api('GET', '/api/v1/namespaces/apps/pods')).body.items[0];
    const del = await api('DELETE', `/api/v1/namespaces/apps/pods/${victim.metadata.name}`);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    await until('the pod to go and be replaced', async () => {
      const ps = (await api('GET', '/api/v1/namespaces/apps/pods')).body.items;
      return !ps.some((p: any) => p.metadata.name === victim.metadata.name) && ps.length === 2 ? true : undefined;
    });
  });

  it('reports crash loops and OOM kills in container statuses', async () => {
    await api('POST', '/api/v1/namespaces', { metadata: { name: 'crash' } });
    await api('POST', '/apis/apps/v1/namespaces/crash/deployments', deployment('w', 'img:1'));
    const pod = await until('a running pod', async () => (await api('GET', '/api/v1/namespaces/crash/pods')).body.items.find((p: any) => p.status.phase === 'Running'));
    expect(fake.simulated!.exit('crash', pod.metadata.name, 137, { oomKilled: true })).toBe(true);
    const crashed = await until('a restart', async () => {
      const p = (await api('GET', `/api/v1/namespaces/crash/pods/${pod.metadata.name}`)).body;
      return p.status.containerStatuses[0].restartCount >= 1 ? p : undefined;
    });
    expect(crashed.status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('empties and removes a terminating namespace, refusing new content meanwhile', async () => {
    await api('POST', '/api/v1/namespaces', { metadata: { name: 'gone' } });
    await api('POST', '/apis/apps/v1/namespaces/gone/deployments', deployment('x', 'img:1'));
    await until('a pod', async () => ((await api('GET', '/api/v1/namespaces/gone/pods')).body.items.length ? true : undefined));
    const del = await api('DELETE', '/api/v1/namespaces/gone');
    expect(del.body.status.phase).toBe('Terminating');
    const refused = await api('POST', '/api/v1/namespaces/gone/secrets', { metadata: { name: 'late' } });
    expect(refused.status).toBe(403);
    await until('the namespace to disappear', async () => ((await api('GET', '/api/v1/namespaces/gone')).status === 404 ? true : undefined));
    expect((await api('GET', '/api/v1/pods')).body.items.filter((p: any) => p.metadata.namespace === 'gone')).toEqual([]);
  });
});

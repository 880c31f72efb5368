import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kubelet } from './kubelet.js';
import { METRICS_GROUP, METRICS_VERSION, parseMetricsPath, type MetricsApi } from './metrics.js';
import type { KubeObject } from './objects.js';
import type { DeleteOptions, Registry } from './registry.js';
import { RESOURCES, apiVersionOf, findResource, type ResourceType } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { badRequest, failureStatus, KubeApiError, successStatus } from './status.js';
import type { StoreEvent } from './store.js';

/** One request the fake answered, for tests that count writes or assert the verbs a driver used. */
export interface RequestRecord {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection, or '' for discovery. */
  verb: string;
  /** API group, '' for the core group (`pods` of `metrics.k8s.io` are not `pods` of the core group). */
  group: string;
  plural: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  contentType?: string;
  status: number;
}

interface Route {
  group: string;
  version: string;
  r?: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  discovery?: 'api' | 'apis' | 'group';
}

function parsePath(pathname: string): Route | null {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length === 1) return { group: '', version: '', discovery: 'api' };
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis') {
    if (segs.length === 1) return { group: '', version: '', discovery: 'apis' };
    if (segs.length === 2) return null;
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else return null;
  if (!rest.length) return { group, version, discovery: 'group' };
  const nsScoped = rest[0] === 'namespaces' && rest.length >= 3 ? findResource(group, version, rest[2]) : undefined;
  if (nsScoped?.namespaced) {
    if (rest.length > 5) return null;
    return { group, version, r: nsScoped, namespace: rest[1], name: rest[3], subresource: rest[4] };
  }
  const r = findResource(group, version, rest[0]);
  if (!r || rest.length > 3) return null;
  return { group, version, r, name: rest[1], subresource: rest[2] };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`couldn't get version/kind; json parse error: invalid JSON body`);
  }
}

function asListItem(o: KubeObject): KubeObject {
  // List items carry no kind/apiVersion on the wire; the list's own kind says what they are.
  const { kind: _k, apiVersion: _a, ...rest } = o;
  return rest as KubeObject;
}

/**
 * Serves the Kubernetes REST/JSON wire protocol over the registry: CRUD at the real paths, `?watch=true`
 * newline-delimited event streams that resume from a resourceVersion, pod logs, Status bodies for errors and
 * a little discovery. Writes happen synchronously, so responses reflect the state they produced.
 */
export class KubeApiHandler {
  /** Every request answered, oldest first. */
  readonly requests: RequestRecord[] = [];
  /** Extra delay before each non-streaming request, to widen race windows in concurrency tests. */
  latencyMs = 0;
  private readonly watches = new Set<ServerResponse>();

  constructor(
    private readonly registry: Registry,
    private readonly kubelet: Kubelet | null,
    private readonly token: string | null,
    private readonly metrics: MetricsApi | null = null,
  ) {}

  /** Ends every open watch and log stream (the server is closing). */
  closeStreams(): void {
    for (const w of this.watches) w.end();
    this.watches.clear();
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.serve(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, failureStatus(new KubeApiError(500, 'InternalError', (err as Error).message)));
      else res.end();
    });
  };

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const record: RequestRecord = { method, path: url.pathname, verb: '', group: '', plural: '', status: 0 };
    res.on('finish', () => this.requests.push({ ...record, status: res.statusCode }));
    res.on('close', () => {
      if (!res.writableFinished) this.requests.push({ ...record, status: res.statusCode });
    });
    try {
      if (this.token !== null && req.headers.authorization !== `Bearer ${this.token}`) {
        await readBody(req).catch(() => undefined);
        throw new KubeApiError(401, 'Unauthorized', 'Unauthorized');
      }
      if (url.pathname === '/version') return send(res, 200, { major: '1', minor: '31', gitVersion: 'v1.31.0-slipway-fake', platform: `${process.platform}/${process.arch}` });
      if (['/healthz', '/readyz', '/livez'].includes(url.pathname)) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return void res.end('ok');
      }
      const metricsRoute = this.metrics ? parseMetricsPath(url.pathname) : null;
      if (metricsRoute && this.metrics) {
        const verb = metricsRoute.plural === '' ? '' : metricsRoute.name ? 'get' : 'list';
        Object.assign(record, { verb, group: METRICS_GROUP, plural: metricsRoute.plural, namespace: metricsRoute.namespace, name: metricsRoute.name });
        return send(res, 200, await this.metrics.handle(method, metricsRoute, url.searchParams));
      }
      const route = parsePath(url.pathname);
      if (!route) throw new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
      if (route.discovery) return this.discovery(res, route);
      const r = route.r!;
      Object.assign(record, { group: r.group, plural: r.plural, namespace: route.namespace, name: route.name, subresource: route.subresource, contentType: req.headers['content-type'] });
      if (this.latencyMs && url.searchParams.get('watch') !== 'true' && route.subresource !== 'log') await new Promise((x) => setTimeout(x, this.latencyMs));
      await this.resourceRequest(req, res, url, method, route, r, record);
    } catch (err) {
      const e = err instanceof KubeApiError ? err : new KubeApiError(500, 'InternalError', (err as Error).message);
      if (!res.headersSent) send(res, e.code, failureStatus(e));
      else res.end();
    }
  }

  private discovery(res: ServerResponse, route: Route): void {
    if (route.discovery === 'api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (route.discovery === 'apis') {
      const served = RESOURCES.filter((r) => r.group).map((r) => ({ group: r.group, version: r.version }));
      if (this.metrics) served.push({ group: METRICS_GROUP, version: METRICS_VERSION });
      const groups = [...new Map(served.map((g) => [g.group, g])).values()].map(({ group: name, version }) => ({
        name,
        versions: [{ groupVersion: `${name}/${version}`, version }],
        preferredVersion: { groupVersion: `${name}/${version}`, version },
      }));
      return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
    }
    const served = RESOURCES.filter((r) => r.group === route.group && r.version === route.version);
    if (!served.length) throw new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
    const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
    const resources = served.flatMap((r) => [
      { name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs },
      ...(r.hasStatus ? [{ name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] }] : []),
      ...(r.plural === 'pods' ? [{ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] }] : []),
    ]);
    send(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(served[0]), resources });
  }

  private async resourceRequest(req: IncomingMessage, res: ServerResponse, url: URL, method: string, route: Route, r: ResourceType, record: RequestRecord): Promise<void> {
    const ns = r.namespaced ? route.namespace : undefined;
    const q = url.searchParams;
    const sub = route.subresource;
    if (sub && !(sub === 'status' && r.hasStatus) && !(sub === 'log' && r.plural === 'pods')) {
      throw new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (!route.name) {
      if (method === 'GET') {
        const watch = q.get('watch') === 'true' || q.get('watch') === '1';
        record.verb = watch ? 'watch' : 'list';
        if (watch) return this.watch(req, res, r, ns, q);
        const { items, rv } = this.registry.list(r, ns, q.get('labelSelector'), q.get('fieldSelector'));
        return send(res, 200, { kind: `${r.kind}List`, apiVersion: apiVersionOf(r), metadata: { resourceVersion: String(rv) }, items: items.map(asListItem) });
      }
      if (method === 'POST') {
        record.verb = 'create';
        if (r.namespaced && !ns) throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
        this.requireJson(req);
        return send(res, 201, this.registry.create(r, ns, await readBody(req)));
      }
      if (method === 'DELETE') {
        record.verb = 'deletecollection';
        const opts = this.deleteOptions(q, await readBody(req));
        const { items } = this.registry.list(r, ns, q.get('labelSelector'), q.get('fieldSelector'));
        const out = [];
        for (const o of items) {
          try {
            out.push(this.registry.delete(r, o.metadata.namespace, o.metadata.name, opts).object);
          } catch (err) {
            if (!(err instanceof KubeApiError && err.code === 404)) throw err;
          }
        }
        return send(res, 200, { kind: `${r.kind}List`, apiVersion: apiVersionOf(r), metadata: { resourceVersion: String(this.registry.store.currentRv()) }, items: out.map(asListItem) });
      }
      throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    }
    const name = route.name;
    if (sub === 'log') {
      record.verb = 'get';
      if (method !== 'GET') throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      return this.logs(req, res, ns!, name, q);
    }
    const subresource = sub === 'status' ? 'status' : undefined;
    switch (method) {
      case 'GET':
        record.verb = 'get';
        return send(res, 200, this.registry.get(r, ns, name));
      case 'PUT':
        record.verb = 'update';
        this.requireJson(req);
        return send(res, 200, this.registry.update(r, ns, name, await readBody(req), subresource));
      case 'PATCH': {
        record.verb = 'patch';
        const type = String(req.headers['content-type'] ?? '');
        const body = await readBody(req);
        return send(res, 200, this.registry.patch(r, ns, name, type, body, subresource));
      }
      case 'DELETE': {
        record.verb = 'delete';
        if (subresource) throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
        const { object, removed } = this.registry.delete(r, ns, name, this.deleteOptions(q, await readBody(req)));
        if (r.deleteReturnsObject || !removed) return send(res, 200, object);
        return send(res, 200, successStatus({ name, group: r.group, kind: r.plural, uid: object.metadata.uid ?? '' }));
      }
      default:
        throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    }
  }

  private requireJson(req: IncomingMessage): void {
    const type = String(req.headers['content-type'] ?? 'application/json').split(';')[0].trim();
    if (type !== 'application/json' && type !== '*/*') {
      throw new KubeApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json`);
    }
  }

  private deleteOptions(q: URLSearchParams, body: unknown): DeleteOptions {
    const b = (body && typeof body === 'object' ? body : {}) as DeleteOptions;
    const grace = q.get('gracePeriodSeconds') ?? (b.gracePeriodSeconds !== undefined ? String(b.gracePeriodSeconds) : null);
    const policy = (q.get('propagationPolicy') ?? b.propagationPolicy) as DeleteOptions['propagationPolicy'];
    if (policy && !['Foreground', 'Background', 'Orphan'].includes(policy)) throw badRequest(`unsupported propagationPolicy "${policy}"`);
    return {
      ...(policy ? { propagationPolicy: policy } : {}),
      ...(grace !== null ? { gracePeriodSeconds: Number(grace) } : {}),
      ...(b.preconditions ? { preconditions: b.preconditions } : {}),
    };
  }

  private watch(req: IncomingMessage, res: ServerResponse, r: ResourceType, ns: string | undefined, q: URLSearchParams): void {
    const byLabel = parseLabelSelector(q.get('labelSelector'));
    const byField = parseFieldSelector(q.get('fieldSelector'));
    const matches = (o: KubeObject | null) => !!o && (!ns || o.metadata.namespace === ns) && byLabel(o.metadata.labels) && byField(o as Record<string, unknown>);
    const rvParam = q.get('resourceVersion');
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const write = (type: string, object: unknown) => res.write(`${JSON.stringify({ type, object })}\n`);
    const translate = (e: StoreEvent) => {
      if (e.plural !== r.plural) return;
      const now = matches(e.object);
      const before = matches(e.previous);
      if (e.type === 'ADDED' && now) write('ADDED', e.object);
      else if (e.type === 'MODIFIED') {
        if (now && before) write('MODIFIED', e.object);
        else if (now) write('ADDED', e.object);
        else if (before) write('DELETED', e.object);
      } else if (e.type === 'DELETED' && (now || before)) write('DELETED', e.object);
    };
    if (!rvParam || rvParam === '0') {
      for (const o of this.registry.list(r, ns).items) if (matches(o)) write('ADDED', o);
    } else {
      const since = this.registry.store.eventsSince(Number(rvParam));
      if (since === 'gone') {
        write('ERROR', failureStatus(new KubeApiError(410, 'Expired', `too old resource version: ${rvParam} (${this.registry.store.currentRv()})`)));
        return void res.end();
      }
      for (const e of since) translate(e);
    }
    const unsubscribe = this.registry.store.subscribe(translate);
    this.watches.add(res);
    const timeout = Number(q.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    const done = () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      this.watches.delete(res);
    };
    res.on('close', done);
    req.on('close', done);
  }

  private async logs(req: IncomingMessage, res: ServerResponse, ns: string, name: string, q: URLSearchParams): Promise<void> {
    if (!this.kubelet) throw badRequest('no node runs pods in this fake');
    const follow = q.get('follow') === 'true';
    const timestamps = q.get('timestamps') === 'true';
    const tail = q.get('tailLines');
    const sinceSeconds = q.get('sinceSeconds');
    const sinceTime = q.get('sinceTime');
    const ac = new AbortController();
    const lines = this.kubelet.logs(ns, name, {
      container: q.get('container') ?? undefined,
      previous: q.get('previous') === 'true',
      ...(tail ? { tail: Number(tail) } : {}),
      ...(sinceTime ? { sinceMs: Date.parse(sinceTime) } : sinceSeconds ? { sinceMs: Date.now() - Number(sinceSeconds) * 1000 } : {}),
      follow,
      signal: ac.signal,
    });
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const stop = () => ac.abort();
    req.on('close', stop);
    res.on('close', stop);
    this.watches.add(res);
    try {
      for await (const l of lines) {
        if (ac.signal.aborted) break;
        res.write(`${timestamps ? `${l.stamp} ` : ''}${l.text}\n`);
      }
    } finally {
      this.watches.delete(res);
      res.end();
    }
  }
}

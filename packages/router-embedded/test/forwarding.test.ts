import { ConflictError, ValidationError } from '@slipway/core';
import { routerRequest, startEchoBackend, type EchoBackend, selfSignedCert } from '@slipway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedRouter, type EmbeddedRouter } from '../src/index.js';
import { appHost, startRouter, startServer } from './servers.js';

describe('embedded router: headers, spread, pages and errors', () => {
  let router: EmbeddedRouter;
  let httpUrl: string;
  let httpsUrl: string;
  const backends: EchoBackend[] = [];

  beforeAll(async () => {
    const started = await startRouter({ tlsPort: 0 });
    router = started.router;
    httpUrl = started.httpUrl;
    httpsUrl = started.httpsUrl!;
    backends.push(await startEchoBackend('one'), await startEchoBackend('two'));
  });
  afterAll(async () => {
    await router.close();
    await Promise.all(backends.map((b) => b.close()));
  });

  it('sets X-Forwarded-For/-Proto/-Host/-Port, replacing what the client claimed, and generates X-Request-Id', async () => {
    await router.converge(appHost('fwd.test', [backends[0].url]));
    const res = await routerRequest(httpUrl, {
      host: 'fwd.test:8080',
      path: '/',
      headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.test' },
    });
    const seen = res.echo!.headers;
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe('fwd.test:8080');
    expect(seen['x-forwarded-port']).toBe(new URL(httpUrl).port);
    expect(seen['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-request-id']).toBe(seen['x-request-id']);
  });

  it('keeps a well-formed incoming X-Request-Id and replaces a malformed one', async () => {
    await router.converge(appHost('rid.test', [backends[0].url]));
    const kept = await routerRequest(httpUrl, { host: 'rid.test', path: '/', headers: { 'x-request-id': 'edge-42.abc' } });
    expect(kept.echo!.headers['x-request-id']).toBe('edge-42.abc');
    const odd = await routerRequest(httpUrl, { host: 'rid.test', path: '/', headers: { 'x-request-id': 'has spaces <and> tags' } });
    expect(odd.echo!.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says https in X-Forwarded-Proto for requests that came in over TLS', async () => {
    const cert = await selfSignedCert({ dns: ['tls-fwd.test'], ips: [] });
    await router.installCertificate({ id: 'tls-fwd', domains: ['tls-fwd.test'], cert_pem: cert.cert, key_pem: cert.key });
    await router.converge(appHost('tls-fwd.test', [backends[0].url]));
    const res = await routerRequest(httpsUrl, { host: 'tls-fwd.test', path: '/' });
    expect(res.fingerprint256).toBe(cert.fingerprint256);
    expect(res.echo!.headers['x-forwarded-proto']).toBe('https');
    expect(res.echo!.headers['x-forwarded-port']).toBe(new URL(httpsUrl).port);
  });

  it('appends to X-Forwarded-For when told to trust the proxy in front', async () => {
    const { router: trusting, httpUrl: url } = await startRouter({ trustForwardedHeaders: true });
    try {
      await trusting.converge(appHost('trust.test', [backends[0].url]));
      const res = await routerRequest(url, { host: 'trust.test', path: '/', headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' } });
      expect(res.echo!.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
      expect(res.echo!.headers['x-forwarded-proto']).toBe('https');
    } finally {
      await trusting.close();
    }
  });

  it('spreads requests round robin across backends', async () => {
    await router.converge(appHost('spread.test', backends.map((b) => b.url)));
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) seen.push((await routerRequest(httpUrl, { host: 'spread.test', path: '/' })).echo!.backend);
    expect(seen.filter((b) => b === 'one')).toHaveLength(5);
    expect(seen.filter((b) => b === 'two')).toHaveLength(5);
  });

  it('answers JSON pages to API clients and HTML to browsers', async () => {
    const json = await routerRequest(httpUrl, { host: 'nobody.test', path: '/', headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(json.headers['content-type']).toBe('application/json');
    expect(JSON.parse(json.body)).toMatchObject({ id: 'not_found' });
    await router.converge(appHost('down.test', []));
    const html = await routerRequest(httpUrl, { host: 'down.test', path: '/', headers: { accept: 'text/html,*/*' } });
    expect(html.status).toBe(503);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('no running web process');
  });

  it('answers 504 when a backend accepts but never answers', async () => {
    const { router: impatient, httpUrl: url } = await startRouter({ upstreamTimeoutMs: 300 });
    const silent = await startServer(() => undefined);
    try {
      await impatient.converge(appHost('slow.test', [silent.url]));
      const res = await routerRequest(url, { host: 'slow.test', path: '/', headers: { accept: 'application/json' } });
      expect(res.status).toBe(504);
      expect(JSON.parse(res.body)).toMatchObject({ id: 'gateway_timeout' });
    } finally {
      await impatient.close();
      await silent.close();
    }
  });

  it('rejects invalid specs and certificates with ValidationError', async () => {
    await expect(router.converge(appHost('not a host', [backends[0].url]))).rejects.toBeInstanceOf(ValidationError);
    await expect(
      router.converge({ host: 'bad.test', kind: 'site', routes: [{ path: 'api', target_path: '/', target: appHost('x.test', []).routes[0].target }] }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(router.converge(appHost('bad.test', ['ftp://127.0.0.1:21']))).rejects.toBeInstanceOf(ValidationError);
    const a = await selfSignedCert({ dns: ['a.test'], ips: [] });
    const b = await selfSignedCert({ dns: ['a.test'], ips: [] });
    await expect(router.installCertificate({ id: 'junk', domains: ['a.test'], cert_pem: 'nope', key_pem: 'nope' })).rejects.toBeInstanceOf(ValidationError);
    // A key that does not belong to the certificate is refused, and the error does not carry the key.
    const mismatch = await router.installCertificate({ id: 'mix', domains: ['a.test'], cert_pem: a.cert, key_pem: b.key }).catch((e: Error) => e);
    expect(mismatch).toBeInstanceOf(ValidationError);
    expect((mismatch as Error).message).not.toContain('PRIVATE KEY');
    expect(await router.hosts()).not.toContain('bad.test');
  });

  it('reports a port already in use as ConflictError', async () => {
    const port = Number(new URL(httpUrl).port);
    await expect(startEmbeddedRouter({ port, host: '127.0.0.1' })).rejects.toBeInstanceOf(ConflictError);
  });
});

// A tiny client of Slipway's API for setting a bench up (not for load: that is autocannon's, in its own process).

/** `call(method, path, body?)`: one authenticated JSON request; throws on a non-2xx answer. */
export function apiClient(base, token) {
  return async (method, path, body) => {
    const r = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
}

/** Creates org `bench`, space `perf` and `apps` apps named app0..app<n-1> in it. */
export async function seed(call, { apps = 0 } = {}) {
  await call('POST', '/organizations', { name: 'bench', description: 'bench' });
  await call('POST', '/spaces', { name: 'perf' });
  for (let start = 0; start < apps; start += 25) {
    await Promise.all(Array.from({ length: Math.min(25, apps - start) }, (_, k) => call('POST', '/apps', { org: 'bench', name: `app${start + k}`, space: 'perf' })));
  }
}

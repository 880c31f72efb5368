// Setting a bench up through the typed client of Slipway's API (not for load: that is autocannon's, in its own process).
import { createSlipwayClient } from '@slipway/client';

/** Throws unless the typed client's answer is a 2xx; returns its body. */
function ok(label, { data, error, response }) {
  if (!response.ok) throw new Error(`${label}: ${response.status} ${JSON.stringify(error ?? null).slice(0, 300)}`);
  return data ?? null;
}

/**
 * `call(method, path, body?)`: one authenticated JSON request through the typed client; throws on a non-2xx answer.
 * `call.api` is the typed client itself, for setup steps written against the document's paths.
 */
export function apiClient(base, token) {
  const api = createSlipwayClient({ baseUrl: base, token });
  const call = async (method, path, body) => ok(`${method} ${path}`, await api.request(method.toLowerCase(), path, body === undefined ? {} : { body }));
  return Object.assign(call, { api });
}

/** Creates org `bench`, space `perf` and `apps` apps named app0..app<n-1> in it. */
export async function seed(call, { apps = 0 } = {}) {
  const { api } = call;
  ok('POST /organizations', await api.POST('/organizations', { body: { name: 'bench', description: 'bench' } }));
  ok('POST /spaces', await api.POST('/spaces', { body: { name: 'perf' } }));
  for (let start = 0; start < apps; start += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, apps - start) }, async (_, k) => ok('POST /apps', await api.POST('/apps', { body: { org: 'bench', name: `app${start + k}`, space: 'perf' } }))),
    );
  }
}

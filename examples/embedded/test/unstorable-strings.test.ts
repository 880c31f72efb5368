import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '@slipway/core';
import { seededRandom } from './seeded-random.js';
import { startTestServer, storeKinds, type TestServer } from './test-server.js';

const SEED = 1717;
/** Strings no store holds the same: NUL bytes and lone surrogates, alone or inside ordinary text. */
const POISON = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy', 'name\u0000', '\udc00\u0000'];
/**
 * What a URL can carry of those: a lone surrogate has no UTF-8 form, so in a URL it arrives as invalid bytes that
 * decode to U+FFFD (storable, and then a legitimate request); NUL (%00) arrives as NUL.
 */
const URL_POISON = POISON.filter((p) => p.includes('\u0000'));
/** Fields the seed's request bodies use, so poison lands where schemas and stores would read it. */
const FIELDS = ['name', 'org', 'space', 'description', 'url', 'secret', 'plan', 'app', 'email', 'role', 'type', 'command', 'size', 'checksum', 'region', 'stack'];

/** Percent-encodes like encodeURIComponent, but writes a lone surrogate as its (invalid) 3-byte UTF-8 form instead of throwing, as a hostile client would. */
function encodeLoose(text: string): string {
  return text.replace(/[\uD800-\uDFFF]/gu, (c) => {
    const u = c.charCodeAt(0);
    return `\u0001${[0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')}\u0001`;
  }).split('\u0001').map((part, i) => (i % 2 ? part : encodeURIComponent(part))).join('');
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

describe.each(await storeKinds())('strings a store cannot hold are refused with a 4xx naming the field, on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind, { runtime: 'none' });
    await s.request('POST', '/organizations', { name: 'acme', description: 'Acme' });
    expect((await s.request('POST', '/apps', { org: 'acme', name: 'fuzz', space: 'default' })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  /** One request; its answer must be a 4xx JSON error with a `field`, never a 5xx. */
  const expectRefused = async (def: RouteDef, method: string, path: string, body: unknown, what: string) => {
    const res = await s.request(method.toUpperCase(), path, body);
    expect(res.status, `${what} -> ${res.status} ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
    expect(res.status, `${what} ${path} -> ${JSON.stringify(res.body)}`).toBeLessThan(500);
    expect(res.body?.field, `${what} -> ${JSON.stringify(res.body)}`).toEqual(expect.any(String));
    return def;
  };

  it('in path parameters, query strings and bodies of every operation', { timeout: 300_000 }, async () => {
    const rand = seededRandom(SEED);
    const ops = s.platform.operations;
    expect(ops.length).toBeGreaterThan(50);
    let sent = 0;
    for (const def of ops) {
      const spellings = Array.isArray(def.path) ? def.path : [def.path];
      for (const spelling of spellings) {
        const params = [...spelling.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        const fill = (poisoned: string | null) => spelling.replace(/:(\w+)/g, (_m, name: string) => encodeLoose(name === poisoned ? pick(rand, URL_POISON) : name === 'app' ? 'fuzz-default' : 'acme'));
        const withBody = ['post', 'patch', 'put'].includes(def.method);
        // Each path parameter poisoned in turn.
        for (const p of params) {
          await expectRefused(def, def.method, fill(p), withBody ? {} : undefined, `${def.method} ${spelling} param ${p} (seed ${SEED})`);
          sent++;
        }
        // The query string.
        await expectRefused(def, def.method, `${fill(null)}?${pick(rand, ['q', 'filter', 'name'])}=${encodeLoose(pick(rand, URL_POISON))}`, withBody ? {} : undefined, `${def.method} ${spelling} query`);
        sent++;
        if (!withBody) continue;
        // Bodies: a poisoned field at the top, nested in an object, in an array, and as a key.
        const bodies = [
          { [pick(rand, FIELDS)]: pick(rand, POISON) },
          { name: 'ok', config: { [pick(rand, ['FOO', 'BAR'])]: pick(rand, POISON) } },
          { events: ['build', pick(rand, POISON)] },
          { config: { [`K${pick(rand, POISON)}`]: 'v' } },
        ];
        for (const body of bodies) {
          await expectRefused(def, def.method, fill(null), body, `${def.method} ${spelling} body ${JSON.stringify(body)}`);
          sent++;
        }
      }
    }
    expect(sent).toBeGreaterThan(200);
    // Nothing was stored or broken on the way: the app is still there and well.
    expect((await s.request('GET', '/apps/fuzz-default')).status).toBe(200);
  });
});

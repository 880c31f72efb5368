type Json = Record<string, unknown>;

/** Applies `fix` to every schema object inside `schema`, keeping field names under `properties` as they are. */
function walk(schema: unknown, fix: (s: Json) => Json): unknown {
  if (Array.isArray(schema)) return schema.map((x) => walk(x, fix));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, x] of Object.entries(schema as Json)) {
    // Inside `properties` the keys are field names, not keywords: a field may be called additionalProperties.
    out[k] = k === 'properties' && x && typeof x === 'object' ? Object.fromEntries(Object.entries(x as Json).map(([n, s]) => [n, walk(s, fix)])) : walk(x, fix);
  }
  return fix(out);
}

/**
 * A response schema with every `additionalProperties: false` lifted, so fields the server adds later do not break a
 * client validating against today's document.
 */
export function openResponses(schema: Json): Json {
  return walk(schema, (s) => {
    if (s.additionalProperties === false) delete s.additionalProperties;
    return s;
  }) as Json;
}

/**
 * A request schema whose objects say `additionalProperties: false` unless they are maps or loose on purpose: a field
 * the server does not know does nothing, and a client should learn that from the document, not by trying.
 */
export function closeRequests(schema: Json): Json {
  return walk(schema, (s) => {
    if (s.type === 'object' && s.properties && !('additionalProperties' in s) && !('patternProperties' in s)) s.additionalProperties = false;
    return s;
  }) as Json;
}

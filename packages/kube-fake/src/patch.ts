import { badRequest, KubeApiError } from './status.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** JSON merge patch (RFC 7386), `application/merge-patch+json`. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function walk(doc: Json, pointer: string): { parent: Json; key: string } {
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer "${pointer}"`);
  const tokens = pointer.slice(1).split('/').map(unescape);
  let parent: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(parent) ? parent[Number(t)] : parent && typeof parent === 'object' ? (parent as Record<string, Json>)[t] : undefined;
    if (next === undefined) throw new KubeApiError(422, 'Invalid', `doc is missing path: ${pointer}`);
    parent = next;
  }
  return { parent, key: tokens.at(-1) ?? '' };
}

/** JSON patch (RFC 6902), `application/json-patch+json`: add, remove, replace, test, move, copy. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array of operations');
  const doc = { root: structuredClone(target) as Json } as { root: Json };
  const get = (pointer: string): Json => {
    if (pointer === '') return doc.root;
    const { parent, key } = walk(doc.root, pointer);
    const v = Array.isArray(parent) ? parent[Number(key)] : (parent as Record<string, Json>)[key];
    if (v === undefined) throw new KubeApiError(422, 'Invalid', `doc is missing path: ${pointer}`);
    return v;
  };
  const add = (pointer: string, value: Json) => {
    if (pointer === '') return void (doc.root = value);
    const { parent, key } = walk(doc.root, pointer);
    if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, value);
    else if (parent && typeof parent === 'object') (parent as Record<string, Json>)[key] = value;
    else throw new KubeApiError(422, 'Invalid', `doc is missing path: ${pointer}`);
  };
  const remove = (pointer: string) => {
    get(pointer);
    const { parent, key } = walk(doc.root, pointer);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete (parent as Record<string, Json>)[key];
  };
  for (const op of ops as Array<{ op: string; path: string; from?: string; value?: Json }>) {
    switch (op.op) {
      case 'add':
        add(op.path, structuredClone(op.value as Json));
        break;
      case 'remove':
        remove(op.path);
        break;
      case 'replace':
        remove(op.path);
        add(op.path, structuredClone(op.value as Json));
        break;
      case 'test':
        if (JSON.stringify(get(op.path)) !== JSON.stringify(op.value)) throw new KubeApiError(422, 'Invalid', `testing value ${op.path} failed`);
        break;
      case 'move': {
        const v = get(op.from ?? '');
        remove(op.from ?? '');
        add(op.path, v);
        break;
      }
      case 'copy':
        add(op.path, structuredClone(get(op.from ?? '')));
        break;
      default:
        throw badRequest(`unexpected json patch operation "${op.op}"`);
    }
  }
  return doc.root;
}

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fullDocument } from '../scripts/document.mjs';
import { GENERATED, renderTypes } from '../scripts/types.mjs';

const here = dirname(fileURLToPath(import.meta.url));

describe('the committed client types', () => {
  it('are what the current document generates (run `npm run generate -w @slipway/client` when this fails)', async () => {
    const fresh = await renderTypes(await fullDocument());
    const committed = readFileSync(join(here, '..', GENERATED), 'utf8');
    // Compared line by line first, so a failure names the first stale line rather than two 500 kB strings.
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const first = a.findIndex((line, i) => line !== b[i]);
    expect(first === -1 && a.length === b.length ? null : { line: first + 1, committed: a[first], generated: b[first] }).toBeNull();
  });
});

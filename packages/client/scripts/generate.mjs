// npm run generate -w @slipway/client: rewrites src/generated/openapi.ts from the document the code serves.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fullDocument } from './document.mjs';
import { GENERATED, renderTypes } from './types.mjs';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', GENERATED);
const text = await renderTypes(await fullDocument());
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, text);
console.log(`wrote ${GENERATED} (${text.length} characters)`);

import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const require = createRequire(import.meta.url);
let loaded: typeof Undici | undefined;

/**
 * undici, required on first use: loading it costs every start-up ~100 ms and several MiB, yet only outbound calls
 * need it. Synchronous (undici is CommonJS), so the dispatcher factory stays synchronous; the same module instance
 * as an `import 'undici'` elsewhere, so its error classes compare equal.
 */
export function undici(): typeof Undici {
  loaded ??= require('undici') as typeof Undici;
  return loaded;
}

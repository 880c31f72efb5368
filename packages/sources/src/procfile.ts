import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BadSourceError } from '@slipway/core';

/** Process types declared by a Procfile: type name to command. */
export type ProcfileTypes = Record<string, string>;

/** Largest Procfile read, in bytes. */
const MAX_PROCFILE_BYTES = 64 * 1024;

/**
 * Parses a Procfile (`type: command` per line, `#` comments), rejecting malformed lines with their number.
 * Same rules as core's `parseProcfile`: types are `[a-z][a-z0-9-]{0,29}`, declared once, with a command.
 */
export function parseProcfile(text: string): ProcfileTypes {
  const types: ProcfileTypes = {};
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const m = /^\s*([^:\s]*)\s*:\s*(.*?)\s*$/.exec(line);
    if (!m || !m[1]) throw new BadSourceError(`Procfile line ${i + 1}: missing process type (expected "type: command")`);
    if (!/^[a-z][a-z0-9-]{0,29}$/.test(m[1])) throw new BadSourceError(`Procfile line ${i + 1}: invalid process type "${m[1]}"`);
    if (!m[2]) throw new BadSourceError(`Procfile line ${i + 1}: process type "${m[1]}" has no command`);
    if (m[1] in types) throw new BadSourceError(`Procfile line ${i + 1}: process type "${m[1]}" is declared twice`);
    types[m[1]] = m[2];
  });
  return types;
}

/** Reads and parses `Procfile` at the root of an unpacked source; `{}` when there is none. A symlinked Procfile is refused. */
export async function readProcfile(dir: string): Promise<ProcfileTypes> {
  const file = path.join(dir, 'Procfile');
  const st = await lstat(file).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
  if (!st) return {};
  if (!st.isFile()) throw new BadSourceError('Procfile must be a regular file');
  if (st.size > MAX_PROCFILE_BYTES) throw new BadSourceError(`Procfile is larger than ${MAX_PROCFILE_BYTES} bytes`);
  return parseProcfile(await readFile(file, 'utf8'));
}

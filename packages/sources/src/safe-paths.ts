import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { BadSourceError } from '@slipway/core';

/**
 * An archive entry name made relative and checked: backslashes read as separators, leading `./` dropped;
 * absolute paths, drive letters and `..` segments are refused (never silently rewritten, so a hostile
 * archive fails loudly). Returns '' for the root itself.
 */
export function entryPath(raw: string): string {
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) throw new BadSourceError(`archive entry "${raw}" is an absolute path`);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new BadSourceError(`archive entry "${raw}" escapes the archive root`);
  return parts.join('/');
}

/** Refuses a link whose target leaves the root: absolute, or `..` past the top once resolved from the link's folder. */
export function assertLinkInside(entry: string, target: string, hard: boolean): void {
  const t = target.replace(/\\/g, '/');
  if (!t || t.startsWith('/') || /^[a-zA-Z]:/.test(t)) throw new BadSourceError(`archive link "${entry}" points outside the archive (${target})`);
  // Hard link targets name another entry (relative to the root); symlinks resolve from their own folder.
  const resolved = path.posix.normalize(hard ? t : path.posix.join(path.posix.dirname(entry), t));
  if (resolved === '..' || resolved.startsWith('../')) throw new BadSourceError(`archive link "${entry}" points outside the archive (${target})`);
}

/**
 * Refuses to write below a symlink: a link that stays inside on its own can still lead out once another entry
 * is written through it, so entries are only written where every parent is a real directory (or not there yet).
 */
export async function assertNoLinkedParent(root: string, rel: string): Promise<void> {
  const parts = rel.split('/').slice(0, -1);
  let at = root;
  for (const part of parts) {
    at = path.join(at, part);
    const st = await lstat(at).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
    if (!st) return;
    if (!st.isDirectory()) throw new BadSourceError(`archive entry "${rel}" is written through "${path.relative(root, at)}", which is not a directory`);
  }
}

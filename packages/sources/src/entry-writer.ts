import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { link, lstat, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BadSourceError } from '@slipway/core';
import { assertLinkInside, assertNoLinkedParent, entryPath } from './safe-paths.js';
import type { UnpackCounts, UnpackLimitsResolved } from './unpack-limits.js';

/**
 * Writes vetted archive entries below one root, for the tar and the zip readers alike: names are checked, links
 * must stay inside, nothing is written below a symlink or over an existing path, and entry and byte caps hold
 * whatever the headers claim. Every write is awaited, so when a reader fails nothing is left in flight.
 */
export class EntryWriter {
  /** Entries and file bytes written so far. */
  readonly counts: UnpackCounts = { entries: 0, bytes: 0 };

  constructor(
    private readonly root: string,
    private readonly limits: UnpackLimitsResolved,
    /** Aborts the write in progress (the reader failed): its pipeline rejects and the file is closed. */
    private readonly signal?: AbortSignal,
  ) {}

  /** Checks and counts one entry; returns its relative path ('' for the root itself) and absolute target. */
  private async admit(raw: string): Promise<{ rel: string; target: string }> {
    this.signal?.throwIfAborted();
    const rel = entryPath(raw);
    this.counts.entries++;
    if (this.counts.entries > this.limits.maxEntries) throw new BadSourceError(`source archive has more than ${this.limits.maxEntries} entries`);
    if (rel) await assertNoLinkedParent(this.root, rel);
    return { rel, target: path.join(this.root, rel) };
  }

  private addBytes(n: number): void {
    this.counts.bytes += n;
    if (this.counts.bytes > this.limits.maxBytes) throw new BadSourceError(`source archive unpacks to more than ${this.limits.maxBytes} bytes`);
  }

  /** A directory (and its parents). */
  async dir(raw: string): Promise<void> {
    const { rel, target } = await this.admit(raw);
    if (!rel) return;
    const st = await lstat(target).catch(() => null);
    if (st && !st.isDirectory()) throw new BadSourceError(`archive entry "${rel}" is a directory over an existing file`);
    await mkdir(target, { recursive: true });
  }

  /** A regular file: the declared size is checked before reading, the bytes as they are written. */
  async file(raw: string, data: AsyncIterable<Uint8Array>, declaredSize: number, executable: boolean): Promise<void> {
    const { rel, target } = await this.admit(raw);
    if (!rel) throw new BadSourceError(`archive entry "${raw}" is a file at the archive root`);
    this.addBytes(declaredSize);
    let written = 0;
    const limit = new Transform({
      transform: (chunk: Buffer, _enc, cb: TransformCallback) => {
        written += chunk.length;
        // Headers may lie (a zip's sizes, say): the bytes themselves are held to what was declared.
        cb(written > declaredSize ? new BadSourceError(`archive entry "${rel}" is larger than it declares`) : null, chunk);
      },
    });
    await mkdir(path.dirname(target), { recursive: true });
    // 'wx': exclusive create, so a duplicate name or a planted symlink is never written through.
    const out = createWriteStream(target, { flags: 'wx', mode: executable ? 0o755 : 0o644 });
    try {
      await pipeline(data, limit, out, ...(this.signal ? [{ signal: this.signal }] : []));
    } catch (err) {
      // The file may still be being opened: wait, so a cleanup after this error finds it.
      if (!out.closed) await once(out, 'close');
      throw err;
    }
  }

  /** A symbolic link whose target resolves inside the root. */
  async symlink(raw: string, linkTarget: string): Promise<void> {
    const { rel, target } = await this.admit(raw);
    assertLinkInside(rel, linkTarget, false);
    await mkdir(path.dirname(target), { recursive: true });
    await symlink(linkTarget, target);
  }

  /** A hard link to an entry already written (tar names it relative to the archive root). */
  async hardlink(raw: string, linkTarget: string): Promise<void> {
    const { rel, target } = await this.admit(raw);
    assertLinkInside(rel, linkTarget, true);
    const existing = path.join(this.root, entryPath(linkTarget));
    await assertNoLinkedParent(this.root, entryPath(linkTarget));
    const st = await lstat(existing).catch(() => null);
    if (!st?.isFile()) throw new BadSourceError(`archive hard link "${rel}" points at "${linkTarget}", which is not a file of the archive`);
    await mkdir(path.dirname(target), { recursive: true });
    await link(existing, target);
  }
}

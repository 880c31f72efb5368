import { gzipSync } from 'node:zlib';
import { Header, Pax, type HeaderData } from 'tar';
import type { FakeCommit, FakeFile, FakeRepo } from './model.js';

function content(f: FakeFile): Buffer {
  return Buffer.from(typeof f === 'string' || f instanceof Uint8Array ? f : f.content);
}

function executable(f: FakeFile): boolean {
  return typeof f === 'object' && !(f instanceof Uint8Array) && f.executable === true;
}

/** The top-level directory of GitHub's legacy tarballs: `owner-repo-<7 hex of the sha>`. */
export function tarballRoot(repo: FakeRepo, commit: FakeCommit): string {
  return `${repo.owner.login}-${repo.name}-${commit.sha.slice(0, 7)}`;
}

/** One entry: node-tar encodes the ustar header (and a pax header first when a name does not fit). */
function entry(data: HeaderData, body: Buffer = Buffer.alloc(0)): Buffer[] {
  const block = Buffer.alloc(512);
  const needPax = new Header({ ...data, size: body.length }).encode(block, 0);
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return [...(needPax ? [new Pax({ ...data, size: body.length }).encode()] : []), block, body, pad];
}

/**
 * Builds the commit's tarball the way `git archive` (and so GitHub) does: a pax global header carrying the commit
 * id, one enclosing directory, each directory before its files, two zero blocks, then gzip.
 */
export function tarball(repo: FakeRepo, commit: FakeCommit): Buffer {
  const mtime = new Date(commit.author.date);
  const root = tarballRoot(repo, commit);
  const parts: Buffer[] = [new Pax({ comment: commit.sha }, true).encode(), ...entry({ path: `${root}/`, type: 'Directory', mode: 0o775, mtime })];
  const dirs = new Set<string>();
  for (const name of Object.keys(commit.files).sort()) {
    const segments = name.split('/');
    for (let i = 1; i < segments.length; i++) {
      const dir = segments.slice(0, i).join('/');
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      parts.push(...entry({ path: `${root}/${dir}/`, type: 'Directory', mode: 0o775, mtime }));
    }
    const f = commit.files[name];
    parts.push(...entry({ path: `${root}/${name}`, type: 'File', mode: executable(f) ? 0o775 : 0o664, mtime }, content(f)));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { BadSourceError } from '@slipway/core';

// Test fixtures only: tests build and read small archives in memory (build contexts, busybox root filesystems,
// GitHub archives). Production code unpacks with @slipway/sources (tar@7, yauzl) and never uses these.

const DEFAULT_MAX_BYTES = 512 * 2 ** 20;

/** Archive kinds recognised by their leading bytes. */
export type SniffedArchive = 'tar' | 'tar.gz' | 'zip' | 'unknown';

/** Tells tar, gzip (assumed tar.gz) and zip apart by magic bytes, because URLs and media types lie. */
export function sniffArchive(bytes: Uint8Array): SniffedArchive {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'tar.gz';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)) return 'zip';
  if (bytes.length >= 512 && Buffer.from(bytes.subarray(257, 262)).toString('latin1') === 'ustar') return 'tar';
  return 'unknown';
}

/** One file, directory or symlink of an archive, held in memory. */
export interface ArchiveEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  data: Uint8Array;
  linkname: string;
}

function cleanName(raw: string): string {
  const name = raw.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  if (name.split('/').some((part) => part === '..')) throw new BadSourceError(`archive entry "${raw}" escapes the archive root`);
  return name;
}

function octal(buf: Buffer, start: number, len: number): number {
  if (buf[start] & 0x80) {
    let value = 0;
    for (let i = start + 1; i < start + len; i++) value = value * 256 + buf[i];
    return value;
  }
  const text = buf.toString('latin1', start, start + len).replace(/\0.*$/s, '').trim();
  return text ? parseInt(text, 8) : 0;
}

function cString(buf: Buffer, start: number, len: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end >= 0 && end < start + len ? end : start + len);
}

/** Reads an uncompressed tar (ustar, pax and GNU long names) into entries; hard links and devices are skipped. */
export function readTar(bytes: Uint8Array, maxUnpacked = DEFAULT_MAX_BYTES): ArchiveEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: ArchiveEntry[] = [];
  let offset = 0;
  let longName: string | null = null;
  let total = 0;
  while (offset + 512 <= buf.length) {
    const header = buf.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const sum = octal(header, 148, 8);
    let check = 0;
    for (let i = 0; i < 512; i++) check += i >= 148 && i < 156 ? 32 : header[i];
    if (sum !== check) throw new BadSourceError('source is not a valid tar archive (bad header checksum)');
    const size = octal(header, 124, 12);
    const flag = String.fromCharCode(header[156] || 48);
    const dataStart = offset + 512;
    if (dataStart + size > buf.length) throw new BadSourceError('source tar archive is truncated');
    const data = buf.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / 512) * 512;
    total += size;
    if (total > maxUnpacked) throw new BadSourceError(`source archive unpacks to more than ${maxUnpacked} bytes`);
    if (flag === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (flag === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (path) longName = path[1];
      continue;
    }
    if (flag === 'g') continue;
    const prefix = header.toString('latin1', 257, 262) === 'ustar' ? cString(header, 345, 155) : '';
    const base = cString(header, 0, 100);
    const name = cleanName(longName ?? (prefix ? `${prefix}/${base}` : base));
    longName = null;
    const mode = octal(header, 100, 8) & 0o7777;
    if (!name) continue;
    if (flag === '0' || flag === '7') entries.push({ name, type: 'file', mode, data, linkname: '' });
    else if (flag === '5') entries.push({ name: name.replace(/\/+$/, ''), type: 'dir', mode, data: new Uint8Array(0), linkname: '' });
    else if (flag === '2') entries.push({ name, type: 'symlink', mode, data: new Uint8Array(0), linkname: cString(header, 157, 100) });
  }
  return entries;
}

/** Reads a zip archive (stored or deflated entries, no zip64) into entries. */
export function readZip(bytes: Uint8Array, maxUnpacked = DEFAULT_MAX_BYTES): ArchiveEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new BadSourceError('source is not a valid zip archive (no central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new BadSourceError('zip64 archives are not supported; use tar.gz');
  const entries: ArchiveEntry[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new BadSourceError('source zip archive is corrupt');
    const madeBy = buf[p + 5];
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const attrs = buf.readUInt32LE(p + 38);
    const local = buf.readUInt32LE(p + 42);
    const rawName = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    total += size;
    if (total > maxUnpacked) throw new BadSourceError(`source archive unpacks to more than ${maxUnpacked} bytes`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new BadSourceError('source zip archive is corrupt');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compSize);
    let data: Uint8Array;
    try {
      if (method === 0) data = raw;
      else if (method === 8) data = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
      else throw new BadSourceError(`zip entry "${rawName}" uses unsupported compression method ${method}`);
    } catch (err) {
      if (err instanceof BadSourceError) throw err;
      throw new BadSourceError(`zip entry "${rawName}" is corrupt`);
    }
    const unixMode = madeBy === 3 ? attrs >>> 16 : 0;
    const name = cleanName(rawName);
    if (!name) continue;
    if (rawName.endsWith('/')) {
      entries.push({ name: name.replace(/\/+$/, ''), type: 'dir', mode: 0o755, data: new Uint8Array(0), linkname: '' });
    } else if ((unixMode & 0o170000) === 0o120000) {
      entries.push({ name, type: 'symlink', mode: 0o777, data: new Uint8Array(0), linkname: Buffer.from(data).toString('utf8') });
    } else {
      entries.push({ name, type: 'file', mode: unixMode & 0o7777 || 0o644, data, linkname: '' });
    }
  }
  return entries;
}

function tarHeader(name: string, entry: Pick<ArchiveEntry, 'type' | 'mode' | 'linkname'>, size: number, flag?: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write(`${entry.mode.toString(8).padStart(7, '0')}\0`, 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write(flag ?? (entry.type === 'dir' ? '5' : entry.type === 'symlink' ? '2' : '0'), 156, 'latin1');
  h.write(entry.linkname.slice(0, 100), 157, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.fill(32, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

function padded(data: Uint8Array): Buffer[] {
  const rest = data.byteLength % 512;
  return rest ? [Buffer.from(data), Buffer.alloc(512 - rest)] : [Buffer.from(data)];
}

/** Writes entries as an uncompressed tar (pax headers for long names), the context format build engines take. */
export function packTar(entries: Array<Partial<ArchiveEntry> & { name: string }>): Uint8Array {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const full: ArchiveEntry = {
      name: e.name,
      type: e.type ?? 'file',
      mode: e.mode ?? (e.type === 'dir' ? 0o755 : 0o644),
      data: e.data ?? new Uint8Array(0),
      linkname: e.linkname ?? '',
    };
    const name = full.type === 'dir' ? `${full.name.replace(/\/+$/, '')}/` : full.name;
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(full.linkname) > 100) {
      const records = [`path=${name}`, ...(full.linkname ? [`linkpath=${full.linkname}`] : [])].map((kv) => {
        const base = Buffer.byteLength(` ${kv}\n`);
        let len = base + String(base).length;
        len = base + String(len).length;
        return `${len} ${kv}\n`;
      });
      const pax = Buffer.from(records.join(''), 'utf8');
      parts.push(tarHeader('PaxHeader', { type: 'file', mode: 0o644, linkname: '' }, pax.byteLength, 'x'), ...padded(pax));
    }
    const size = full.type === 'file' ? full.data.byteLength : 0;
    parts.push(tarHeader(name, full, size));
    if (size) parts.push(...padded(full.data));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** Reads any supported archive (tar, tar.gz, zip) into entries. */
export function readArchive(bytes: Uint8Array, maxUnpacked = DEFAULT_MAX_BYTES): ArchiveEntry[] {
  const kind = sniffArchive(bytes);
  if (kind === 'zip') return readZip(bytes, maxUnpacked);
  if (kind === 'tar') return readTar(bytes, maxUnpacked);
  if (kind === 'tar.gz') {
    let tar: Buffer;
    try {
      tar = gunzipSync(bytes, { maxOutputLength: maxUnpacked });
    } catch (err) {
      const tooBig = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new BadSourceError(tooBig ? `source archive unpacks to more than ${maxUnpacked} bytes` : 'source is not a valid gzip archive');
    }
    if (sniffArchive(tar) !== 'tar') throw new BadSourceError('source is gzip-compressed but not a tar archive');
    return readTar(tar, maxUnpacked);
  }
  throw new BadSourceError('source is not an archive (expected tar.gz, tar or zip)');
}

/**
 * A build source made of `files` (each executable, so scripts run): a tar.gz as a `data:` URL with its sha256
 * checksum, the form a build's `source_blob` takes, so end-to-end tests need no file server.
 */
export function sourceDataUrl(files: Record<string, string>): { url: string; checksum: string } {
  const gz = gzipSync(packTar(Object.entries(files).map(([name, text]) => ({ name, data: Buffer.from(text), mode: 0o755 }))));
  return { url: `data:application/gzip;base64,${gz.toString('base64')}`, checksum: `sha256:${createHash('sha256').update(gz).digest('hex')}` };
}

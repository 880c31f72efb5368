import type { DrainLogEntry } from '@slipway/core';

/** Syslog facility of every drained line: local7 (23), what Heroku's Logplex uses, so `<190>` is an info line. */
export const SYSLOG_FACILITY = 23;

/** Cuts `bytes` to at most `max` bytes without splitting a UTF-8 sequence. */
export function truncateUtf8(bytes: Buffer, max: number): Buffer {
  if (bytes.length <= max) return bytes;
  let end = max;
  // Step back over continuation bytes (10xxxxxx) so the cut lands before a character's lead byte.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/** An RFC 5424 header field: printable US-ASCII only (33..126), at most `max` chars, `-` when empty. */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return clean === '' ? '-' : clean;
}

function timestamp(at: Date): string {
  return Number.isNaN(at.getTime()) ? new Date().toISOString() : at.toISOString();
}

/**
 * Formats one entry as an RFC 5424 message, cut to `maxBytes`: PRI, version 1, timestamp, HOSTNAME = app key,
 * APP-NAME = source, PROCID = dyno, MSGID = process type, no structured data (`-`), then the message.
 */
export function formatSyslog(entry: DrainLogEntry, maxBytes: number): Buffer {
  const severity = Number.isInteger(entry.severity) && entry.severity! >= 0 && entry.severity! <= 7 ? entry.severity! : 6;
  const header = [
    `<${SYSLOG_FACILITY * 8 + severity}>1`,
    timestamp(entry.timestamp),
    headerField(entry.app, 255),
    headerField(entry.source, 48),
    headerField(entry.dyno, 128),
    headerField(entry.process_type, 32),
    '-',
  ].join(' ');
  const message = entry.message.replace(/\r?\n$/, '');
  return truncateUtf8(Buffer.from(`${header} ${message}`, 'utf8'), maxBytes);
}

/** RFC 6587 octet-counting frame (`<length> <message>`), used over TCP, TLS and in Logplex HTTPS bodies. */
export function octetFrame(message: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${message.length} `, 'ascii'), message]);
}

/** Splits a body of octet-counted frames back into messages (for receivers and tests); throws on a bad frame. */
export function parseOctetFrames(body: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const length = Number(body.subarray(at, space).toString('ascii'));
    if (space < 0 || !Number.isInteger(length) || length < 0 || space + 1 + length > body.length) throw new Error(`bad octet frame at byte ${at}`);
    out.push(body.subarray(space + 1, space + 1 + length).toString('utf8'));
    at = space + 1 + length;
  }
  return out;
}

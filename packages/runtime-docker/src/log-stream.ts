import type { LogLine } from '@slipway/core';

/**
 * Splits Docker's multiplexed log stream (8-byte frame headers, since dynos run without a TTY) into text lines,
 * keeping partial frames and partial lines across chunks.
 */
export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private partial = '';

  /** Feeds a chunk and returns the complete lines it finished. */
  push(chunk: Buffer): string[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let text = '';
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      text += this.pending.toString('utf8', 8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
    }
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    return lines;
  }

  /** Whatever line was left unterminated when the stream ended. */
  flush(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [rest] : [];
  }
}

/** Parses a `timestamps=true` line (`2024-01-01T00:00:00.123456789Z text`) into a LogLine from `source`. */
export function parseTimestamped(raw: string, source: string): LogLine {
  const space = raw.indexOf(' ');
  const stamp = space > 0 ? raw.slice(0, space) : raw;
  const at = new Date(stamp);
  if (Number.isNaN(at.getTime())) return { at: new Date(), source, text: raw.replace(/\r$/, '') };
  return { at, source, text: space > 0 ? raw.slice(space + 1).replace(/\r$/, '') : '' };
}

/** Nanosecond-ish sort key of a Docker timestamp, since Date keeps only milliseconds. */
export function stampKey(raw: string): string {
  return raw.slice(0, raw.indexOf(' ') > 0 ? raw.indexOf(' ') : raw.length).padEnd(30, '0');
}

/**
 * Splits Docker's multiplexed log stream (8-byte frame headers, since dynos run without a TTY) into text lines,
 * keeping partial frames and partial lines across chunks. Docker's runtime driver and the fake kubelet's Docker
 * backend both read container logs through it.
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

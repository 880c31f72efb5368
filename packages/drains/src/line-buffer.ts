/** What a bounded line buffer holds at most. */
export interface LineBufferLimits {
  maxLines: number;
  maxBytes: number;
}

/**
 * FIFO of encoded lines with a line and a byte cap. Pushing past either cap drops the oldest lines, which is what a
 * drain wants: the newest logs are the ones worth keeping, and the writer never waits.
 */
export class LineBuffer {
  private items: Buffer[] = [];
  private head = 0;
  private size = 0;

  constructor(private readonly limits: LineBufferLimits) {}

  /** Lines held. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.size;
  }

  /** Appends a line; returns how many old lines were dropped to make room (a line larger than maxBytes drops itself). */
  push(line: Buffer): number {
    if (line.length > this.limits.maxBytes) return 1;
    this.items.push(line);
    this.size += line.length;
    let dropped = 0;
    while (this.length > this.limits.maxLines || this.size > this.limits.maxBytes) {
      this.shift();
      dropped++;
    }
    return dropped;
  }

  /** The oldest line, without removing it. */
  peek(): Buffer | undefined {
    return this.items[this.head];
  }

  /** Removes and returns the oldest line. */
  shift(): Buffer | undefined {
    if (this.head >= this.items.length) return undefined;
    const line = this.items[this.head++]!;
    this.size -= line.length;
    // Compact now and then instead of Array.shift() on every line, which is O(n).
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return line;
  }

  /** Drops everything; returns how many lines that was. */
  clear(): number {
    const n = this.length;
    this.items = [];
    this.head = 0;
    this.size = 0;
    return n;
  }
}

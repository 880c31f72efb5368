import type { LogLine } from './runtime.js';

/** A log line with a key that sorts by its full-precision timestamp. */
export interface StampedLine {
  key: string;
  line: LogLine;
}

/**
 * Sort key of an RFC 3339 timestamp at nanosecond precision: engines drop trailing zeros of the
 * fraction (Go's RFC3339Nano) and Date keeps only milliseconds, so the fraction is padded to 9 digits.
 */
export function stampKey(stamp: string): string {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(stamp);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z` : stamp;
}

/** Parses a `timestamps=true` log line (`2024-01-01T00:00:00.123456789Z text`) from `source`; null without a timestamp. */
export function parseStampedLine(raw: string, source: string): StampedLine | null {
  const space = raw.indexOf(' ');
  const stamp = space > 0 ? raw.slice(0, space) : raw;
  const at = new Date(stamp);
  if (!stamp || Number.isNaN(at.getTime())) return null;
  return { key: stampKey(stamp), line: { at, source, text: space > 0 ? raw.slice(space + 1).replace(/\r$/, '') : '' } };
}

/** One dyno's log as a runtime reads it. */
export interface DynoLogSource {
  /** Its most recent lines, in any order. */
  history(): Promise<StampedLine[]>;
  /**
   * Follows new lines, from just after `after` (the last line already yielded) or from now, calling
   * `push` for each and `end` once when the stream ends or fails; resolves with a function that stops it.
   * Lines at or before `after` may be pushed again (engines resume at whole seconds): they are dropped.
   */
  follow(after: StampedLine | undefined, push: (line: StampedLine) => void, end: () => void): Promise<() => void>;
}

/**
 * The last `lines` lines of every source in time order, then, with `tail`, new lines as they arrive,
 * until every source ended or `signal` aborts. Runtimes implement `logs` with it.
 */
export async function* mergeDynoLogs(
  sources: DynoLogSource[],
  options: { lines?: number; tail?: boolean; signal?: AbortSignal },
): AsyncIterable<LogLine> {
  const byKey = (a: StampedLine, b: StampedLine) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const history = await Promise.all(sources.map((s) => s.history()));
  for (const m of history.flat().sort(byKey).slice(-(options.lines ?? 100))) yield m.line;
  if (!options.tail || options.signal?.aborted) return;

  const queue: LogLine[] = [];
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  let open = sources.length;
  const stops: Array<() => void> = [];
  options.signal?.addEventListener('abort', notify);
  try {
    const started = await Promise.allSettled(
      sources.map((s, i) => {
        const last = history[i]!.reduce<StampedLine | undefined>((a, b) => (!a || b.key > a.key ? b : a), undefined);
        const seen = last?.key ?? '';
        let ended = false;
        return s.follow(
          last,
          (l) => {
            if (l.key > seen) queue.push(l.line);
            notify();
          },
          () => {
            if (ended) return;
            ended = true;
            open--;
            notify();
          },
        );
      }),
    );
    for (const r of started) {
      if (r.status === 'fulfilled') stops.push(r.value);
      else open--;
    }
    while (!options.signal?.aborted) {
      if (queue.length) {
        yield queue.shift()!;
        continue;
      }
      if (open <= 0) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    options.signal?.removeEventListener('abort', notify);
    for (const stop of stops) stop();
  }
}

import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import type { CoreV1Api, Log } from '@kubernetes/client-node';
import type { LogLine, LogOptions } from '@slipway/core';
import { apiStatus, toDomainError } from './errors.js';
import { CONTAINER } from './names.js';

/** A pod whose log is read, with the dyno name its lines are attributed to. */
export interface LogSource {
  namespace: string;
  pod: string;
  dyno: string;
}

interface Stamped {
  key: string;
  line: LogLine;
}

/** Nanosecond-precision sort key of an RFC 3339 timestamp (Date keeps only milliseconds). */
export function stampKey(stamp: string): string {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(stamp);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z` : stamp;
}

/** Parses a `timestamps=true` log line (`2024-01-01T00:00:00.123456789Z text`). */
export function parseLogLine(raw: string, source: string): Stamped | null {
  const space = raw.indexOf(' ');
  if (space <= 0) return null;
  const stamp = raw.slice(0, space);
  const at = new Date(stamp);
  if (Number.isNaN(at.getTime())) return null;
  return { key: stampKey(stamp), line: { at, source, text: raw.slice(space + 1).replace(/\r$/, '') } };
}

/**
 * Recent lines across pods, oldest first, then (with `tail`) new lines as they come: one follow stream per pod,
 * resumed just after the last line already yielded so nothing repeats.
 */
export async function* readLogs(core: CoreV1Api, follower: Log, sources: LogSource[], options: LogOptions): AsyncIterable<LogLine> {
  const lines = options.lines ?? 100;
  const startedAt = new Date();
  const history = await Promise.all(
    sources.map(async (s) => {
      let text: string;
      try {
        text = await core.readNamespacedPodLog({ name: s.pod, namespace: s.namespace, container: CONTAINER, tailLines: lines, timestamps: true });
      } catch (err) {
        // A container that has not started yet (400) or a pod gone meanwhile (404) simply has no lines.
        if (apiStatus(err) === 400 || apiStatus(err) === 404) return [];
        throw toDomainError(err, `reading logs of ${s.dyno}`);
      }
      return String(text ?? '')
        .split('\n')
        .map((raw) => parseLogLine(raw, s.dyno))
        .filter((x): x is Stamped => x !== null)
        .map((x) => ({ ...x, pod: s.pod }));
    }),
  );
  const all = history.flat();
  const merged = [...all].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(-lines);
  for (const m of merged) yield m.line;
  if (!options.tail || options.signal?.aborted) return;

  const lastSeen = new Map<string, Stamped>();
  for (const h of all) if ((lastSeen.get(h.pod)?.key ?? '') < h.key) lastSeen.set(h.pod, h);
  const queue: LogLine[] = [];
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  let open = sources.length;
  const controllers: AbortController[] = [];
  options.signal?.addEventListener('abort', notify);
  try {
    await Promise.all(
      sources.map(async (s) => {
        const last = lastSeen.get(s.pod);
        const seen = last?.key ?? '';
        // sinceTime has whole-second precision: lines already yielded are dropped by their full timestamp.
        const since = new Date(Math.floor((last?.line.at ?? startedAt).getTime() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        const sink = new PassThrough();
        const reader = createInterface({ input: sink });
        reader.on('line', (raw) => {
          const parsed = parseLogLine(raw, s.dyno);
          if (parsed && parsed.key > seen) {
            queue.push(parsed.line);
            notify();
          }
        });
        reader.on('close', () => {
          open--;
          notify();
        });
        try {
          controllers.push(await follower.log(s.namespace, s.pod, CONTAINER, sink, { follow: true, timestamps: true, sinceTime: since }));
        } catch {
          sink.end();
        }
      }),
    );
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
    for (const c of controllers) c.abort();
  }
}

import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import type { CoreV1Api, Log } from '@kubernetes/client-node';
import { mergeDynoLogs, parseStampedLine, type DynoLogSource, type LogLine, type LogOptions, type StampedLine } from '@slipway/core';
import { apiStatus, toDomainError } from './errors.js';
import { CONTAINER } from './names.js';

/** A pod whose log is read, with the dyno name its lines are attributed to. */
export interface LogSource {
  namespace: string;
  pod: string;
  dyno: string;
}

/** One pod's log: recent lines from the log endpoint, new ones from a follow stream resumed at a timestamp. */
function podLog(core: CoreV1Api, follower: Log, s: LogSource, lines: number): DynoLogSource {
  const startedAt = new Date();
  return {
    async history() {
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
        .map((raw) => parseStampedLine(raw, s.dyno))
        .filter((x): x is StampedLine => x !== null);
    },
    async follow(after, push, end) {
      // sinceTime has whole-second precision: lines already yielded come again and are dropped by key.
      const since = new Date(Math.floor((after?.line.at ?? startedAt).getTime() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const sink = new PassThrough();
      const reader = createInterface({ input: sink });
      reader.on('line', (raw) => {
        const parsed = parseStampedLine(raw, s.dyno);
        if (parsed) push(parsed);
      });
      reader.on('close', end);
      try {
        const controller = await follower.log(s.namespace, s.pod, CONTAINER, sink, { follow: true, timestamps: true, sinceTime: since });
        return () => controller.abort();
      } catch {
        sink.end();
        return () => undefined;
      }
    },
  };
}

/**
 * Recent lines across pods, oldest first, then (with `tail`) new lines as they come: one follow stream per pod,
 * resumed just after the last line already yielded so nothing repeats.
 */
export function readLogs(core: CoreV1Api, follower: Log, sources: LogSource[], options: LogOptions): AsyncIterable<LogLine> {
  const lines = options.lines ?? 100;
  return mergeDynoLogs(
    sources.map((s) => podLog(core, follower, s, lines)),
    options,
  );
}

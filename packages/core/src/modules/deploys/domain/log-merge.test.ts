import { describe, expect, it } from 'vitest';
import { mergeDynoLogs, parseStampedLine, stampKey, type DynoLogSource, type StampedLine } from './log-merge.js';

const line = (stamp: string, source: string, text: string) => parseStampedLine(`${stamp} ${text}`, source)!;

/** A source whose history is fixed and whose follow stream the test feeds. */
function source(history: StampedLine[]) {
  let push: (l: StampedLine) => void = () => undefined;
  let end: () => void = () => undefined;
  const s: DynoLogSource & { after?: StampedLine; emit(l: StampedLine): void; finish(): void; stopped: boolean } = {
    stopped: false,
    async history() {
      return history;
    },
    async follow(after, p, e) {
      s.after = after;
      push = p;
      end = e;
      return () => void (s.stopped = true);
    },
    emit: (l) => push(l),
    finish: () => end(),
  };
  return s;
}

describe('log lines', () => {
  it('parse timestamped lines and refuse ones without a timestamp', () => {
    expect(parseStampedLine('2024-01-02T03:04:05.123456789Z some text\r', 'web.x')).toEqual({
      key: '2024-01-02T03:04:05.123456789Z',
      line: { at: new Date('2024-01-02T03:04:05.123Z'), source: 'web.x', text: 'some text' },
    });
    expect(parseStampedLine('no timestamp here', 'web.x')).toBeNull();
  });

  it('sort by the full fraction, whose trailing zeros engines drop', () => {
    // RFC3339Nano writes .1234 for .123400000: a plain string compare would put it after .123456789.
    expect(stampKey('2024-01-01T00:00:00.1234Z') < stampKey('2024-01-01T00:00:00.123456789Z')).toBe(true);
    expect(stampKey('2024-01-01T00:00:00Z') < stampKey('2024-01-01T00:00:00.000000001Z')).toBe(true);
  });
});

describe('mergeDynoLogs', () => {
  it('yields the last N lines across sources in time order', async () => {
    const a = source([line('2024-01-01T00:00:01Z', 'web.a', 'a1'), line('2024-01-01T00:00:03Z', 'web.a', 'a3')]);
    const b = source([line('2024-01-01T00:00:02Z', 'web.b', 'b2'), line('2024-01-01T00:00:04.5Z', 'web.b', 'b4')]);
    const out: string[] = [];
    for await (const l of mergeDynoLogs([a, b], { lines: 3 })) out.push(l.text);
    expect(out).toEqual(['b2', 'a3', 'b4']);
  });

  it('then follows each source from its last line, dropping repeats, until all end', async () => {
    const a = source([line('2024-01-01T00:00:01.5Z', 'web.a', 'old')]);
    const b = source([]);
    const out: string[] = [];
    const it = mergeDynoLogs([a, b], { lines: 10, tail: true })[Symbol.asyncIterator]();
    out.push((await it.next()).value.text);
    const next = it.next();
    await new Promise((r) => setImmediate(r));
    expect(a.after?.line.text).toBe('old');
    expect(b.after).toBeUndefined();
    a.emit(line('2024-01-01T00:00:01Z', 'web.a', 'repeat from the whole second'));
    a.emit(line('2024-01-01T00:00:01.5Z', 'web.a', 'old'));
    a.emit(line('2024-01-01T00:00:02Z', 'web.a', 'new'));
    out.push((await next).value.text);
    b.emit(line('2024-01-01T00:00:03Z', 'web.b', 'b'));
    out.push((await it.next()).value.text);
    a.finish();
    b.finish();
    expect((await it.next()).done).toBe(true);
    expect(out).toEqual(['old', 'new', 'b']);
    expect(a.stopped && b.stopped).toBe(true);
  });

  it('stops following when the signal aborts', async () => {
    const a = source([]);
    const ac = new AbortController();
    const it = mergeDynoLogs([a], { tail: true, signal: ac.signal })[Symbol.asyncIterator]();
    const pending = it.next();
    await new Promise((r) => setImmediate(r));
    ac.abort();
    expect((await pending).done).toBe(true);
    expect(a.stopped).toBe(true);
  });
});

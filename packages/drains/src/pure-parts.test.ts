import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';
import { LineBuffer } from './line-buffer.js';
import { formatSyslog, octetFrame, parseOctetFrames, truncateUtf8 } from './rfc5424.js';

const at = new Date('2026-12-01T10:00:00.123Z');

describe('formatSyslog', () => {
  it('writes PRI, version, timestamp, app key, source, dyno, process type and no structured data', () => {
    const line = formatSyslog({ timestamp: at, app: 'shop-dev', process_type: 'web', dyno: 'web.1', source: 'app', message: 'hello\n' }, 8192);
    expect(line.toString()).toBe('<190>1 2026-12-01T10:00:00.123Z shop-dev app web.1 web - hello');
  });

  it('uses the severity, puts `-` for empty fields and keeps header fields printable ASCII within their limits', () => {
    const line = formatSyslog({ timestamp: at, app: 'my app', process_type: '', dyno: '', source: 'x'.repeat(60), message: 'm', severity: 3 }, 8192).toString();
    expect(line).toBe(`<187>1 2026-12-01T10:00:00.123Z my_app ${'x'.repeat(48)} - - - m`);
  });

  it('cuts long lines without splitting a UTF-8 character', () => {
    const line = formatSyslog({ timestamp: at, app: 'a', process_type: 'web', dyno: 'web.1', source: 'app', message: 'é'.repeat(100) }, 60);
    expect(line.length).toBeLessThanOrEqual(60);
    expect(line.toString('utf8')).not.toContain('\ufffd');
    expect(truncateUtf8(Buffer.from('aé'), 2).toString()).toBe('a');
  });
});

describe('octet counting', () => {
  it('frames by byte length and splits back', () => {
    const frames = [octetFrame(Buffer.from('héllo')), octetFrame(Buffer.from('two words'))];
    expect(frames[0]!.toString()).toBe('6 héllo');
    expect(parseOctetFrames(Buffer.concat(frames))).toEqual(['héllo', 'two words']);
    expect(() => parseOctetFrames(Buffer.from('99 short'))).toThrow(/bad octet frame/);
  });
});

describe('LineBuffer', () => {
  it('drops the oldest lines past its line or byte cap and says how many', () => {
    const b = new LineBuffer({ maxLines: 3, maxBytes: 10 });
    expect([b.push(Buffer.from('aa')), b.push(Buffer.from('bb')), b.push(Buffer.from('cc'))]).toEqual([0, 0, 0]);
    expect(b.push(Buffer.from('dd'))).toBe(1);
    expect(b.push(Buffer.from('eeeeee'))).toBe(1);
    expect([b.length, b.bytes, b.shift()?.toString()]).toEqual([3, 10, 'cc']);
    expect(b.push(Buffer.from('eeeeeeee'))).toBe(2);
    expect([b.length, b.bytes]).toEqual([1, 8]);
    expect(b.push(Buffer.from('x'.repeat(11)))).toBe(1);
    expect(b.clear()).toBe(1);
  });
});

describe('Backoff', () => {
  it('grows to its ceiling with jitter in the upper half, and starts over after reset', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 800, factor: 2 });
    const delays = Array.from({ length: 6 }, () => b.next());
    const ceilings = [100, 200, 400, 800, 800, 800];
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(ceilings[i]! / 2);
      expect(d).toBeLessThanOrEqual(ceilings[i]!);
    });
    b.reset();
    expect(b.next()).toBeLessThanOrEqual(100);
  });
});

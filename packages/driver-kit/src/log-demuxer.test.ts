import { describe, expect, it } from 'vitest';
import { LogDemuxer } from './log-demuxer.js';

function frame(stream: number, text: string): Buffer {
  const body = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
}

describe('LogDemuxer', () => {
  it('reassembles frames and lines split across chunks', () => {
    const d = new LogDemuxer();
    const all = Buffer.concat([frame(1, 'hel'), frame(2, 'lo\nwor'), frame(1, 'ld\ntail')]);
    const lines = [...d.push(all.subarray(0, 5)), ...d.push(all.subarray(5, 20)), ...d.push(all.subarray(20)), ...d.flush()];
    expect(lines).toEqual(['hello', 'world', 'tail']);
  });
});

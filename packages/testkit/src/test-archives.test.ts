import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readArchive, sourceDataUrl } from './test-archives.js';

describe('sourceDataUrl', () => {
  it('packs the files as an executable tar.gz data: URL whose checksum is the sha256 of its bytes', () => {
    const source = sourceDataUrl({ Dockerfile: 'FROM scratch\n', 'start.sh': 'echo hi\n' });
    const [head, body] = source.url.split(',');
    expect(head).toBe('data:application/gzip;base64');
    const gz = Buffer.from(body!, 'base64');
    expect(source.checksum).toBe(`sha256:${createHash('sha256').update(gz).digest('hex')}`);
    const entries = readArchive(gz).map((e) => ({ name: e.name, mode: e.mode, text: Buffer.from(e.data).toString() }));
    expect(entries).toEqual([
      { name: 'Dockerfile', mode: 0o755, text: 'FROM scratch\n' },
      { name: 'start.sh', mode: 0o755, text: 'echo hi\n' },
    ]);
  });
});

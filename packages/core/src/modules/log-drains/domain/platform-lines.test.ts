import { describe, expect, it } from 'vitest';
import type { PlatformEvent } from '../../../kernel/payloads.js';
import { platformLines } from './platform-lines.js';

const at = new Date('2030-01-01T00:00:00Z');
const subject = { app: { name: 'shop', id: 'a1' }, space: { name: 'prod' } };
const event = (action: string, payload: Record<string, unknown>): PlatformEvent => ({ action, payload: { ...subject, ...payload }, username: 'ann', at, app_id: 'a1' }) as PlatformEvent;

describe('platformLines', () => {
  it('writes builds under APP-NAME build, releases and scaling under slipway, crashes per dyno as errors', () => {
    expect(platformLines(event('build', { build: { id: 'b1', result: 'pending' } }))).toEqual([
      { timestamp: at, source: 'build', process_type: '', dyno: '', message: 'Build b1 started by ann', severity: 6 },
    ]);
    expect(platformLines(event('build', { build: { id: 'b1', result: 'failed' } }))[0]).toMatchObject({ message: 'Build b1 failed', severity: 3 });
    expect(platformLines(event('release', { release: { version: 3, description: 'Deploy abc' } }))[0]).toMatchObject({ source: 'slipway', message: 'Release v3 created by ann: Deploy abc' });
    expect(platformLines(event('formation_change', { change: 'update', changes: [{ type: 'web', quantity: 2, size: 'scout' }] }))).toEqual([
      { timestamp: at, source: 'slipway', process_type: 'web', dyno: '', message: 'Scaled web to 2:scout by ann', severity: 6 },
    ]);
    expect(platformLines(event('crashed', { code: 'H10', description: 'App crashed', restarts: 2, dynos: [{ type: 'web', dyno: 'web.1' }, { type: 'web', dyno: 'web.2' }] })).map((l) => [l.dyno, l.process_type, l.severity])).toEqual([
      ['web.1', 'web', 3],
      ['web.2', 'web', 3],
    ]);
  });

  it('writes nothing for events that are not platform activity', () => {
    expect(platformLines(event('config_change', { changes: [] }))).toEqual([]);
    expect(platformLines(event('hook_create', {}))).toEqual([]);
  });
});

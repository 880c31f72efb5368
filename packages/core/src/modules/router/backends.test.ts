import { describe, expect, it } from 'vitest';
import { webBackends, type RoutableDyno } from './backends.js';

const dyno = (over: Partial<RoutableDyno> & { id: string }): RoutableDyno => ({ type: 'web', ready: true, endpoint: { host: '127.0.0.1', port: 30000 }, ...over });

describe('webBackends', () => {
  it('keeps ready web dynos with an endpoint, as http urls sorted by id', () => {
    const out = webBackends([
      dyno({ id: 'web-b', endpoint: { host: '127.0.0.1', port: 30002 } }),
      dyno({ id: 'web-a', endpoint: { host: '127.0.0.1', port: 30001 } }),
      dyno({ id: 'worker-1', type: 'worker' }),
      dyno({ id: 'web-starting', ready: false }),
      dyno({ id: 'web-unpublished', endpoint: null }),
    ]);
    expect(out).toEqual([
      { id: 'web-a', url: 'http://127.0.0.1:30001' },
      { id: 'web-b', url: 'http://127.0.0.1:30002' },
    ]);
  });

  it('brackets IPv6 endpoints', () => {
    expect(webBackends([dyno({ id: 'w', endpoint: { host: '::1', port: 8080 } })])).toEqual([{ id: 'w', url: 'http://[::1]:8080' }]);
  });
});

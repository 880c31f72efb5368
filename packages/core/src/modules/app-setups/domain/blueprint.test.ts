import { describe, expect, it } from 'vitest';
import { planSteps, setupProgress } from './app-setups.js';
import { parseBlueprint } from './blueprint.js';

const SIZES = ['scout', 'constellation', 'galaxy'];
const SHA = `sha256:${'ab'.repeat(32)}`;
const base = { app: { name: 'Api', organization: 'Acme', space: 'default' }, source_blob: { url: 'https://example.invalid/src.tgz', checksum: SHA } };

describe('parseBlueprint', () => {
  it('reads the seed blueprint into the app, its config and the plan of the job', () => {
    const { blueprint, problems } = parseBlueprint(
      {
        ...base,
        env: { A: { value: 'x', required: true, description: 'd' }, B: { required: false }, N: { value: 5 } },
        formation: { worker: { quantity: '2', command: 'w' }, web: { quantity: 1, size: 'galaxy-prod', 'health-check': '/hc', port: 9000 } },
        addons: { pg: { plan: 'pg:small' } },
        attachments: [{ name: 'shared-db', app: 'other-default' }],
        'log-drains': [{ url: 'syslog+tls://logs.example.invalid:6514', token: 't' }],
        'pipeline-couplings': [{ pipeline: 'line', stage: 'staging' }],
      },
      SIZES,
    );
    expect(problems).toEqual([]);
    expect(blueprint).toEqual({
      app: { name: 'api', org: 'acme', space: 'default', stack: null, orgField: 'app.organization' },
      config: { A: 'x', N: '5' },
      plan: {
        formation: [
          { type: 'web', quantity: 1, size: 'galaxy', port: 9000, healthcheck: '/hc' },
          { type: 'worker', quantity: 2, command: 'w' },
        ],
        addons: [{ plan: 'pg:small' }],
        attachments: [{ name: 'shared-db', app: 'other-default' }],
        source_blob: { url: 'https://example.invalid/src.tgz', checksum: SHA, version: null },
        drains: ['syslog+tls://logs.example.invalid:6514'],
        couplings: [{ pipeline: 'line', stage: 'staging' }],
        postdeploy: null,
      },
    });
  });

  it('takes app.json shapes: string env, generated secrets, overrides, addon strings and objects, Heroku sizes, postdeploy', () => {
    const { blueprint, problems } = parseBlueprint(
      {
        ...base,
        env: { S: 'plain', K: { generator: 'secret' }, O: 'before' },
        overrides: { env: { O: 'after' } },
        formation: [{ type: 'web', quantity: 1, size: 'standard-2x' }],
        addons: ['pg:small', { plan: 'pg:small', as: 'second' }],
        scripts: { postdeploy: { command: 'bin/migrate' } },
      },
      SIZES,
    );
    expect(problems).toEqual([]);
    expect(blueprint!.config).toEqual({ S: 'plain', K: expect.stringMatching(/^[0-9a-f]{64}$/), O: 'after' });
    expect(blueprint!.plan.formation).toEqual([{ type: 'web', quantity: 1 }]);
    expect(blueprint!.plan.addons).toEqual([{ plan: 'pg:small' }, { plan: 'pg:small', as: 'second' }]);
    expect(blueprint!.plan.postdeploy).toBe('bin/migrate');
    // Two parses generate two different secrets.
    expect(parseBlueprint({ ...base, env: { K: { generator: 'secret' } } }, SIZES).blueprint!.config.K).not.toBe(blueprint!.config.K);
  });

  it('lists every problem, each starting with its field path, and returns no blueprint', () => {
    const { blueprint, problems } = parseBlueprint(
      { app: { name: 'a-b' }, env: [], formation: 'web', addons: 7, attachments: {}, source_blob: { url: 'docker://' }, 'log-drains': {}, 'pipeline-couplings': [{ pipeline: 'a', stage: 'x' }, { pipeline: 'b', stage: 'review' }], scripts: 'x' },
      SIZES,
    );
    expect(blueprint).toBeNull();
    expect(problems.map((p) => p.split(': ')[0])).toEqual([
      'app.name',
      'app.org',
      'app.space',
      'env',
      'formation',
      'addons',
      'attachments',
      'log-drains',
      'pipeline-couplings[0].stage',
      'scripts',
    ]);
    expect(parseBlueprint('nope', SIZES).problems).toEqual(['body: must be a JSON object, got string']);
    expect(parseBlueprint({ app: base.app }, SIZES).problems).toEqual(['source_blob: is required (url, and checksum for archives)']);
    // A docker:// image needs no checksum; an archive does.
    expect(parseBlueprint({ ...base, source_blob: { url: 'docker://registry.example.invalid/app:1' } }, SIZES).problems).toEqual([]);
    expect(parseBlueprint({ ...base, source_blob: { url: 'https://example.invalid/a.tgz', checksum: 'md5:x' } }, SIZES).problems).toEqual(['source_blob.checksum: must be sha256:<64 hex digits> for an archive source']);
    expect(parseBlueprint({ ...base, env: { PORT: '1' } }, SIZES).problems).toEqual(['env.PORT: PORT is set by the platform; use formation.web.port']);
  });
});

describe('setup steps and progress', () => {
  it('orders the steps (coupling last, release and postdeploy only with a runtime) and counts progress in steps', () => {
    const plan = { formation: [{ type: 'web' }], addons: [{ plan: 'pg:small' }], attachments: [{ id: 'x' }], source_blob: { url: 'u', checksum: SHA, version: null }, drains: ['syslog://a'], couplings: [{ pipeline: 'p', stage: 'development' }], postdeploy: 'm' };
    expect(planSteps(plan, { release: true })).toEqual(['formation', 'addon pg:small', 'attachment x', 'log-drain 1', 'build', 'release', 'postdeploy', 'pipeline-coupling p at development']);
    expect(planSteps(plan, { release: false })).toEqual(['formation', 'addon pg:small', 'attachment x', 'log-drain 1', 'build', 'pipeline-coupling p at development']);
    expect(setupProgress({ completed: 1, steps: ['a', 'b', 'c'], status: 'pending' })).toBe(0.33);
    expect(setupProgress({ completed: 1, steps: ['a', 'b', 'c'], status: 'failed' })).toBe(0.33);
    expect(setupProgress({ completed: 3, steps: ['a', 'b', 'c'], status: 'succeeded' })).toBe(1);
  });
});

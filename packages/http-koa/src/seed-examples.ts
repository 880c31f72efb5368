import type { OperationExample } from './openapi.js';

/**
 * Hand-written request bodies in the shape of the API reference's examples (its field names and nesting, our own
 * values), by operation id. The reference's text is not copied; every other operation gets an example built from its
 * schema. Each is checked against its schema by the embedded host's OpenAPI test.
 */
export const SEED_EXAMPLES: Record<string, OperationExample> = {
  postOrganizations: { request: { name: 'acme', description: 'Acme Corp' } },
  postSpaces: { request: { name: 'dev', description: 'Development work', compliance: [], stack: 'ds1' } },
  postApps: { request: { org: 'acme', name: 'api', space: 'dev' } },
  patchAppsApp: { request: { maintenance: true } },
  patchAppsAppConfigVars: { request: { RACK_ENV: 'production', RAILS_ENV: 'production', FOO: null } },
  postAppsAppBuilds: {
    request: {
      url: 'docker://registry.example.invalid/acme/api:1.0.0',
      checksum: `sha256:${'93f16649a03d37aef081dfec3c2fecfa41bb22dd45de2b79f32dcda83bd69bcf'}`,
      org: 'acme',
      repo: 'https://git.example.invalid/acme/api',
      sha: '7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b',
      branch: 'main',
      version: 'v1.0.0',
    },
  },
  postAppsAppReleases: { request: { slug: '01934c2e-7f1a-7b3c-9d4e-5f6a7b8c9d0e', description: 'Deploy v1.0.0' } },
  patchAppsAppFormation: { request: [{ type: 'web', quantity: 2, size: 'constellation' }] },
  postAppsAppFormation: { request: { type: 'worker', size: 'scout', quantity: 1, command: 'node worker.js' } },
  patchAppsAppFeaturesFeature: { request: { enabled: true } },
  postAppsAppAddons: { request: { plan: 'postgresql:hobby' } },
  postAppsAppAddonAttachments: { request: { app: 'worker-dev', addon: '01934c2e-7f1a-7b3c-9d4e-5f6a7b8c9d1f' } },
  postAppsAppHooks: { request: { url: 'https://hooks.example.invalid/slipway', events: ['release', 'build', 'formation_change'], active: true, secret: 'a shared secret' } },
  postAppsAppLogDrains: { request: { url: 'syslog+tls://logs.example.invalid:6514' } },
  postPipelines: { request: { name: 'api-pipeline', description: 'From development to production' } },
  postPipelineCouplings: { request: { app: 'api-dev', pipeline: 'api-pipeline', stage: 'development' } },
  postPipelinePromotions: {
    request: {
      pipeline: { id: '01934c2e-7f1a-7b3c-9d4e-5f6a7b8c9d2a' },
      source: { app: { id: '01934c2e-7f1a-7b3c-9d4e-5f6a7b8c9d3b' } },
      targets: [{ app: { id: '01934c2e-7f1a-7b3c-9d4e-5f6a7b8c9d4c' } }],
    },
  },
  postSites: { request: { domain: 'www.example.invalid', region: 'local', internal: false } },
};

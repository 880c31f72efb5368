import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/** The per-package vitest project every workspace package uses: TS sources of sibling packages via the `source` export condition. */
export function slipwayProject(name: string, extra: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions: ['source'] },
    ssr: { resolve: { conditions: ['source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...extra,
    },
  });
}

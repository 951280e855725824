import { defineProject } from 'vitest/config';

/**
 * Shared per-package vitest settings. Workspace packages resolve each other through the
 * `source` export condition, so tests run against TypeScript sources without a build.
 */
export function packageProject(name: string, extra: { globalSetup?: string[]; testTimeout?: number } = {}) {
  return defineProject({
    resolve: { conditions: ['source', 'import', 'module', 'default'] },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: extra.testTimeout ?? 20_000,
      ...(extra.globalSetup ? { globalSetup: extra.globalSetup } : {}),
    },
  });
}

import { defineProject } from 'vitest/config';

/**
 * Resolve conditions of every test: workspace packages from their `source` export (TypeScript),
 * never a possibly stale build. No `module` condition: some dependencies (the AWS SDK) point it at
 * extension-less ESM that Node cannot load.
 */
export const WORKSPACE_CONDITIONS = ['source', 'node', 'import', 'default'];

/**
 * Shared per-package vitest settings. Workspace packages resolve each other through the
 * `source` export condition, so tests run against TypeScript sources without a build.
 */
export function packageProject(name: string, extra: { globalSetup?: string[]; testTimeout?: number } = {}) {
  // Tests run in vitest's node (SSR) environment, which has its own resolve conditions.
  const conditions = WORKSPACE_CONDITIONS;
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: extra.testTimeout ?? 20_000,
      // Set-up hooks start servers and synthesize stacks: give them the same budget as a test.
      hookTimeout: extra.testTimeout ?? 20_000,
      // The pinned AWS SDK's "Node 22 after January 2027" notice would otherwise fill every run's output.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      ...(extra.globalSetup ? { globalSetup: extra.globalSetup } : {}),
    },
  });
}

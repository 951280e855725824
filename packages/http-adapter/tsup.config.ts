import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'lambda/index': 'src/lambda/index.ts',
    'lambda/webhooks': 'src/lambda/webhooks.ts',
    'lambda/checkout': 'src/lambda/checkout.ts',
    'lambda/admin': 'src/lambda/admin.ts',
    'node/index': 'src/node/index.ts',
    'client/index': 'src/client/index.ts',
    'env/index': 'src/env/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // `import.meta.url` (where the API reference's script is looked up) in the CommonJS build too.
  shims: true,
  external: ['stripe', /^@aws-sdk\//, /^@biztech\//],
});

import { defineConfig } from 'tsup';

// The stack runs from this build (`npm start`); the demo page is bundled separately at start-up.
export default defineConfig({
  entry: { main: 'src/main.ts', index: 'src/index.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  target: 'node20',
  platform: 'node',
});

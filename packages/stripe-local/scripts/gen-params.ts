/**
 * Writes `src/generated/known-params.ts` from the installed `stripe` SDK's types, then formats it
 * with Biome. Run after upgrading the SDK: `pnpm --filter @biztech/stripe-local gen:params`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKnownParams, renderKnownParams } from './known-params-generator.ts';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(packageDir, 'src', 'generated', 'known-params.ts');

const data = generateKnownParams(packageDir);
writeFileSync(target, renderKnownParams(data));
// Biome is configured at the repository root; format there so the committed file passes `biome check`.
execFileSync('pnpm', ['exec', 'biome', 'format', '--write', target], {
  cwd: resolve(packageDir, '..', '..'),
  stdio: 'inherit',
});
const counts = Object.entries(data.endpoints).map(
  ([endpoint, { params }]) => `${endpoint}: ${params.length}`,
);
console.log(`known-params: ${data.sdk}\n  ${counts.join('\n  ')}\nwrote ${target}`);

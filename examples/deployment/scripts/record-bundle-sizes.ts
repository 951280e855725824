import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_SIZES_FILE, type BundleSizes } from './bundle-budget.ts';
import { bundleLambdas } from './bundle-lambda.ts';

// `pnpm record-bundle-sizes "<reason>"`: bundles every function and writes its sizes to
// bundle-sizes.json, the budget `test/bundle-budget.test.ts` holds the bundles to. Commit the
// file on its own, with the reason in the message: a bigger budget is a decision, not a side effect.
const reason = process.argv.slice(2).join(' ').trim();
if (reason === '') {
  console.error('usage: record-bundle-sizes "<why the sizes change>"');
  process.exit(2);
}
const dir = await mkdtemp(join(tmpdir(), 'payments-bundle-sizes-'));
try {
  const { functions } = await bundleLambdas({ outdir: dir });
  const record = {
    reason,
    functions: Object.fromEntries(
      Object.values(functions).map((fn) => [
        fn.name,
        { coldStartBytes: fn.coldStartBytes, totalBytes: fn.totalBytes },
      ]),
    ),
  } as BundleSizes;
  writeFileSync(BUNDLE_SIZES_FILE, `${JSON.stringify(record, null, 2)}\n`);
  for (const [name, size] of Object.entries(record.functions)) {
    console.log(`${name}: ${size.coldStartBytes} bytes at a cold start, ${size.totalBytes} in all`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEntry, bundleLambdas } from './bundle-lambda.ts';
import { coldImportSamples, median } from './cold-import-timing.ts';

// `pnpm bundle-figures`: each function's bundle against a naive bundle (`naive-lambda-entry.ts`:
// stripe, @aws-sdk/lib-dynamodb and @aws-sdk/client-cognito-identity-provider imported whole),
// built with the same esbuild settings. Size: the bytes a cold start loads (the entry and its
// static chunks). Cold import: a fresh `node` process importing the bundle, median of `RUNS`
// (default 10) processes per bundle, all bundles taking turns in one run.
const NAIVE_ENTRY = fileURLToPath(new URL('./naive-lambda-entry.ts', import.meta.url));
const runs = Number(process.env.RUNS ?? 10);

const root = await mkdtemp(join(tmpdir(), 'payments-bundle-figures-'));
try {
  const { functions } = await bundleLambdas({ outdir: join(root, 'functions') });
  const naive = await bundleEntry(NAIVE_ENTRY, join(root, 'naive'));
  const rows = [...Object.values(functions), { ...naive, name: 'naive' }];
  const samples = coldImportSamples(
    rows.map((row) => row.file),
    runs,
  );
  const importMs = (file: string) => median(samples.get(file) ?? []);
  const naiveMs = importMs(naive.file);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  console.log(
    `naive: ${kib(naive.coldStartBytes)}, cold import ${naiveMs.toFixed(1)} ms (median of ${runs})`,
  );
  console.log('function      cold-start size       cold import');
  for (const row of rows) {
    const ms = importMs(row.file);
    console.log(
      `${row.name.padEnd(12)}  ${kib(row.coldStartBytes).padStart(8)} ${(row.coldStartBytes / naive.coldStartBytes).toFixed(2)}×   ${ms.toFixed(1).padStart(6)} ms ${(ms / naiveMs).toFixed(2)}×`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

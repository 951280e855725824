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
// (default 10) processes per bundle, all bundles taking turns in one run; wall time and the CPU
// time the import used (steadier on a shared machine). "whole API" is one
// function serving every route family (`whole-api-entry.ts`, not deployed).
const NAIVE_ENTRY = fileURLToPath(new URL('./naive-lambda-entry.ts', import.meta.url));
const WHOLE_API_ENTRY = fileURLToPath(new URL('./whole-api-entry.ts', import.meta.url));
const runs = Number(process.env.RUNS ?? 10);

const root = await mkdtemp(join(tmpdir(), 'payments-bundle-figures-'));
try {
  const { functions } = await bundleLambdas({ outdir: join(root, 'functions') });
  const naive = await bundleEntry(NAIVE_ENTRY, join(root, 'naive'));
  const whole = await bundleEntry(WHOLE_API_ENTRY, join(root, 'whole-api'));
  const rows = [...Object.values(functions), { ...whole, name: 'whole API' }, { ...naive, name: 'naive' }];
  const samples = coldImportSamples(
    rows.map((row) => row.file),
    runs,
  );
  const medians = (file: string) => {
    const values = samples.get(file) ?? [];
    return { wall: median(values.map((v) => v.wallMs)), cpu: median(values.map((v) => v.cpuMs)) };
  };
  const base = medians(naive.file);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const ratio = (value: number, of: number) => `${(value / of).toFixed(2)}×`;
  console.log(
    `naive: ${kib(naive.coldStartBytes)}, cold import ${base.wall.toFixed(1)} ms wall, ${base.cpu.toFixed(1)} ms CPU (medians of ${runs})`,
  );
  console.log('function     cold-start size        cold import wall      cold import CPU');
  for (const row of rows) {
    const { wall, cpu } = medians(row.file);
    console.log(
      [
        row.name.padEnd(11),
        kib(row.coldStartBytes).padStart(9),
        ratio(row.coldStartBytes, naive.coldStartBytes).padStart(6),
        `${wall.toFixed(1)} ms`.padStart(11),
        ratio(wall, base.wall).padStart(6),
        `${cpu.toFixed(1)} ms`.padStart(11),
        ratio(cpu, base.cpu).padStart(6),
      ].join('  '),
    );
  }
  // `npm run bench` reads the figures from this line (bench/src/floor/bundle-figures.ts).
  if (process.env.BUNDLE_FIGURES_JSON === '1') {
    const row = (r: (typeof rows)[number]) => ({
      name: r.name,
      bytes: r.coldStartBytes,
      wallMs: medians(r.file).wall,
      cpuMs: medians(r.file).cpu,
    });
    const measured = rows.filter((r) => r.name !== 'naive').map(row);
    console.log(
      `BUNDLE_FIGURES_JSON ${JSON.stringify({ rows: measured, naive: row(naive as (typeof rows)[number]) })}`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

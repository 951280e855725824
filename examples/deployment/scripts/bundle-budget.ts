import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LambdaFunctionName } from '../src/bundle-location.ts';

/** Where the recorded bundle sizes live (committed; `pnpm record-bundle-sizes` rewrites it). */
export const BUNDLE_SIZES_FILE = fileURLToPath(new URL('../bundle-sizes.json', import.meta.url));

/** How far past its recorded size a bundle may grow before the budget test fails. */
export const BUNDLE_GROWTH_ALLOWED = 0.1;

/** One function's recorded sizes, in bytes. */
export interface RecordedSize {
  /** The entry and the chunks it imports statically: what a cold start loads. */
  coldStartBytes: number;
  /** Every JavaScript file of the bundle, lazy chunks included. */
  totalBytes: number;
}

/** The committed record: each function's sizes, and why they were last recorded. */
export interface BundleSizes {
  reason: string;
  functions: Record<LambdaFunctionName, RecordedSize>;
}

/** Reads the committed record. */
export function readBundleSizes(): BundleSizes {
  return JSON.parse(readFileSync(BUNDLE_SIZES_FILE, 'utf8')) as BundleSizes;
}

/**
 * The budget breaches of `measured` against `recorded`: one line per size that grew more than
 * {@link BUNDLE_GROWTH_ALLOWED} past its record, and per function without a record.
 */
export function budgetBreaches(recorded: BundleSizes, measured: Record<string, RecordedSize>): string[] {
  const breaches: string[] = [];
  for (const [name, size] of Object.entries(measured)) {
    const record = (recorded.functions as Record<string, RecordedSize | undefined>)[name];
    if (record === undefined) {
      breaches.push(`${name}: no recorded size (run pnpm record-bundle-sizes "<reason>")`);
      continue;
    }
    for (const key of ['coldStartBytes', 'totalBytes'] as const) {
      const limit = Math.floor(record[key] * (1 + BUNDLE_GROWTH_ALLOWED));
      if (size[key] > limit) {
        breaches.push(`${name}: ${key} ${size[key]} > ${limit} (recorded ${record[key]} + 10%)`);
      }
    }
  }
  return breaches;
}

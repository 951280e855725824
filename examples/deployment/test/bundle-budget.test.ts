import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetBreaches, readBundleSizes } from '../scripts/bundle-budget.ts';
import { LAMBDA_FUNCTIONS } from '../src/bundle-location.ts';
import { bundleToTempDir } from './support/lambda-bundle-dir.ts';

// Issue 16: each function's bundle stays within 10% of the size recorded in bundle-sizes.json.
// Growing past it means recording the new sizes on purpose: `pnpm record-bundle-sizes "<reason>"`,
// committed on its own.
describe('the bundle budget', () => {
  let bundles: Awaited<ReturnType<typeof bundleToTempDir>>;
  beforeAll(async () => {
    bundles = await bundleToTempDir();
  }, 120_000);
  afterAll(() => bundles?.dispose());

  it('has a recorded size, with its reason, for exactly the functions there are', () => {
    const recorded = readBundleSizes();
    expect(recorded.reason.length).toBeGreaterThan(0);
    expect(Object.keys(recorded.functions).sort()).toEqual(Object.keys(LAMBDA_FUNCTIONS).sort());
  });

  it('keeps every function within 10% of its recorded sizes (cold start and in all)', () => {
    const measured = Object.fromEntries(
      Object.values(bundles.functions).map((fn) => [
        fn.name,
        { coldStartBytes: fn.coldStartBytes, totalBytes: fn.totalBytes },
      ]),
    );
    expect(budgetBreaches(readBundleSizes(), measured)).toEqual([]);
  });

  it('refuses growth past 10% and a function without a record', () => {
    const recorded = {
      reason: 'test',
      functions: { webhooks: { coldStartBytes: 1000, totalBytes: 2000 } },
    } as unknown as ReturnType<typeof readBundleSizes>;
    expect(budgetBreaches(recorded, { webhooks: { coldStartBytes: 1100, totalBytes: 2200 } })).toEqual([]);
    expect(budgetBreaches(recorded, { webhooks: { coldStartBytes: 1101, totalBytes: 2000 } })).toEqual([
      'webhooks: coldStartBytes 1101 > 1100 (recorded 1000 + 10%)',
    ]);
    expect(budgetBreaches(recorded, { admin: { coldStartBytes: 1, totalBytes: 1 } })[0]).toMatch(
      /admin: no recorded size/,
    );
  });
});

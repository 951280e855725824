import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleToTempDir } from './support/lambda-bundle-dir.ts';

// The grants in table-access.ts are written from what @biztech/payments-aws sends. These checks
// read its sources so that a new kind of call there fails here, before IAM refuses it in production.
const ADAPTER_SRC = fileURLToPath(new URL('../../../packages/aws-adapter/src/', import.meta.url));
// Not run by the function: table creation and the seat-counter seed are operator tools; the
// Cognito provider calls SignUp, which needs no IAM; count-calls only observes.
const NOT_IN_THE_FUNCTION = new Set([
  'create-tables.ts',
  'seat-counter-seed.ts',
  'cognito-identity-provider.ts',
  'count-calls.ts',
  // SES, not DynamoDB: the deployment sends no email unless EMAIL_FROM is set (see its README).
  'ses-email-sender.ts',
  'email-errors.ts',
  'table-definitions.ts',
  'index.ts',
]);

const runtimeSources = () =>
  readdirSync(ADAPTER_SRC)
    .filter((file) => file.endsWith('.ts') && !NOT_IN_THE_FUNCTION.has(file))
    .map((file) => ({ file, text: readFileSync(join(ADAPTER_SRC, file), 'utf8') }));

describe('the grants match what the aws-adapter stores send', () => {
  it('reads the adapter sources', () => {
    expect(runtimeSources().map((s) => s.file)).toEqual(
      expect.arrayContaining(['registration-store.ts', 'membership-store.ts', 'transaction.ts']),
    );
  });

  it("sends only the commands table-access.ts grants: Get, Query, Scan, TransactWrite and the operations jobs' single writes", () => {
    const commands = new Set<string>();
    for (const { text } of runtimeSources()) {
      for (const match of text.matchAll(/new (\w+Command)\(/g)) commands.add(match[1] as string);
    }
    expect([...commands].sort()).toEqual([
      'DeleteCommand',
      'GetCommand',
      'PutCommand',
      'QueryCommand',
      'ScanCommand',
      'TransactWriteCommand',
      'UpdateCommand',
    ]);
  });

  it('puts only Put, Update and (outbox) Delete items in its transactions', () => {
    const kinds = new Set<string>();
    for (const { text } of runtimeSources()) {
      for (const match of text.matchAll(/\b(Put|Update|Delete|ConditionCheck):\s*\{/g))
        kinds.add(match[1] as string);
    }
    expect([...kinds].sort()).toEqual(['Delete', 'Put', 'Update']);
  });
});

// The webhooks and the checkout functions get the `requests` table scope (src/infra/table-access.ts):
// no drainer, queue or reconciler calls. Their bundles hold all the code they can run (lazy chunks
// included; esbuild keeps only live code, and property names as written), so none of those
// store methods may be called anywhere in them: the drainer lists due items and moves stuck ones,
// the queue is listed and resolved, the reconciler reads and writes checkpoints and repairs seats.
const OPERATIONS_ONLY_CALLS = [
  'listDueOutbox',
  'stickOutbox',
  'listQueue',
  'resolveQueueItem',
  'getCheckpoint',
  'setCheckpoint',
  'repairSeatsTaken',
];
const callsIn = (dir: string): string[] => {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.mjs'),
  );
  const code = files.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
  return OPERATIONS_ONLY_CALLS.filter((call) => code.includes(`.${call}(`));
};

describe('the request-scoped functions make none of the operations-only calls', () => {
  let bundles: Awaited<ReturnType<typeof bundleToTempDir>>;
  beforeAll(async () => {
    bundles = await bundleToTempDir();
  }, 120_000);
  afterAll(() => bundles?.dispose());

  it.each(['webhooks', 'checkout'] as const)('%s calls none of them', (name) => {
    expect(callsIn(bundles.functions[name].dir)).toEqual([]);
  });

  it('while the admin function and the operations jobs call every one (so the check sees them)', () => {
    expect(callsIn(bundles.functions.admin.dir)).toEqual(OPERATIONS_ONLY_CALLS);
    // The reconciler lists and resolves queue items too (those whose payment a registration holds).
    expect(callsIn(bundles.functions.operations.dir)).toEqual(OPERATIONS_ONLY_CALLS);
  });
});

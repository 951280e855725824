import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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

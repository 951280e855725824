import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { resolveTables, type TableOptions } from './table-names.ts';

/** The key the readiness probe reads: an item that is never written. */
export const READINESS_PROBE_KEY = { pk: 'READINESS#probe', sk: 'READINESS#probe' } as const;

/**
 * A readiness probe of DynamoDB for `GET /health/ready`: one eventually consistent `GetItem` of a
 * key that never exists in the payments table (half a read capacity unit). `GetItem` rather than
 * `DescribeTable`: it goes through the same data plane as every request, and it is the one action
 * the function is already granted on the table (`DescribeTable` is a rate-limited control-plane
 * call that least-privilege IAM does not allow). The signal aborts the call at the probe's timeout.
 *
 * @example
 * ```ts
 * const probe = createDynamoReadinessProbe(documentClient, { tableSuffix: 'PROD' });
 * await probe(AbortSignal.timeout(1000)); // resolves when DynamoDB answered
 * ```
 */
export function createDynamoReadinessProbe(
  client: DynamoDBDocumentClient,
  options: TableOptions = {},
): (signal: AbortSignal) => Promise<void> {
  const table = resolveTables(options).payments;
  return async (signal) => {
    await client.send(
      new GetCommand({ TableName: table, Key: { ...READINESS_PROBE_KEY }, ProjectionExpression: 'pk' }),
      { abortSignal: signal },
    );
  };
}

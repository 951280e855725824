import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditTrail } from '@biztech/payments-core';
import { membershipPartition, registrationPartition } from './payment-keys.ts';
import { storeError } from './store-errors.ts';
import type { TableOptions } from './table-names.ts';
import { resolveTables } from './table-names.ts';

/** The key and bookkeeping attributes of an audit item, which are not part of the entry. */
function entryOf(item: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, version: _version, ...entry } = item;
  return entry as unknown as AuditEntry;
}

/**
 * An `AuditTrail` on the payments table: the lines the commits wrote under `AUDIT#<version>` in the
 * record's partition, read with one strongly consistent Query (every page), which the zero-padded
 * versions keep in order, oldest first.
 *
 * @example
 * ```ts
 * const trail = createDynamoAuditTrail(documentClient, { tableSuffix: 'PROD' });
 * const lines = await trail.registrationAudit({ email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026 });
 * ```
 */
export function createDynamoAuditTrail(
  client: DynamoDBDocumentClient,
  options: TableOptions = {},
): AuditTrail {
  const tables = resolveTables(options);
  async function read(partition: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tables.payments,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
            ExpressionAttributeValues: { ':pk': partition, ':audit': 'AUDIT#' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        entries.push(...(page.Items ?? []).map(entryOf));
        start = page.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      throw storeError(error, 'read audit trail');
    }
    return entries;
  }
  return {
    registrationAudit: (key) => read(registrationPartition(key)),
    membershipAudit: (key) => read(membershipPartition(key)),
  };
}

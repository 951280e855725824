import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type ItemRole, transactionError } from './store-errors.ts';

/** One item of a `TransactWriteItems` call, as the document client takes it. */
export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/**
 * One item of an atomic change with its role, so that a cancellation can be mapped back to what
 * failed (`CancellationReasons` come in the order of the items).
 */
export interface PlannedItem {
  role: ItemRole;
  item: TransactItem;
}

/** DynamoDB's limit on items in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * Commits planned items with one `TransactWriteItems` call, translating a cancellation into
 * core's errors (see `transactionError`).
 */
export async function commitPlan(
  client: DynamoDBDocumentClient,
  plan: readonly PlannedItem[],
  operation: string,
): Promise<void> {
  if (plan.length > MAX_TRANSACTION_ITEMS) {
    throw new RangeError(`${operation}: ${plan.length} items exceed DynamoDB's transaction limit`);
  }
  try {
    await client.send(new TransactWriteCommand({ TransactItems: plan.map((p) => p.item) }));
  } catch (error) {
    throw transactionError(
      error,
      plan.map((p) => p.role),
      operation,
    );
  }
}

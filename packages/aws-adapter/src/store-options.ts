import type { TableOptions } from './table-names.ts';

/** Options of the DynamoDB stores: where the tables are, and how long processed events are kept. */
export interface DynamoStoreOptions extends TableOptions {
  /** Days a processed Stripe event id is remembered (DynamoDB TTL); 30 unless given. */
  processedEventTtlDays?: number;
}

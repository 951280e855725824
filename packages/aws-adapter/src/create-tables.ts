import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { tableDefinitions } from './table-definitions.ts';
import type { TableOptions } from './table-names.ts';

/** What `createTables` did to one table. */
export interface TableSetup {
  name: string;
  created: boolean;
  /** True when TTL was switched on by this call. */
  ttlEnabled: boolean;
}

/** Options of `createTables`. */
export interface CreateTablesOptions extends TableOptions {
  /** Seconds to wait for each new table to become ACTIVE; 60 unless given. */
  maxWaitSeconds?: number;
}

const errorName = (error: unknown) => (error as { name?: string } | null)?.name;

async function tableExists(client: DynamoDBClient, TableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName }));
    return true;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return false;
    throw error;
  }
}

/**
 * Creates the tables of `tableDefinitions(options)` that do not exist yet, waits for them to be
 * ACTIVE, and switches on TTL where a table defines it. Idempotent: existing tables are left as
 * they are (a concurrent creator counts as existing), so it is safe on every start of a local stack.
 *
 * @example
 * ```ts
 * await createTables(new DynamoDBClient({ endpoint: 'http://127.0.0.1:8000' }), { tableSuffix: 'LOCAL' });
 * ```
 */
export async function createTables(
  client: DynamoDBClient,
  options: CreateTablesOptions = {},
): Promise<TableSetup[]> {
  const maxWaitTime = options.maxWaitSeconds ?? 60;
  return Promise.all(
    tableDefinitions(options).map(async (definition) => {
      const name = definition.input.TableName;
      let created = false;
      if (!(await tableExists(client, name))) {
        try {
          await client.send(new CreateTableCommand(definition.input));
          created = true;
        } catch (error) {
          if (errorName(error) !== 'ResourceInUseException') throw error;
        }
        await waitUntilTableExists({ client, maxWaitTime, minDelay: 1 }, { TableName: name });
      }
      let ttlEnabled = false;
      if (definition.timeToLiveAttribute) {
        const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
        const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
        if (status !== 'ENABLED' && status !== 'ENABLING') {
          await client.send(
            new UpdateTimeToLiveCommand({
              TableName: name,
              TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
            }),
          );
          ttlEnabled = true;
        }
      }
      return { name, created, ttlEnabled };
    }),
  );
}

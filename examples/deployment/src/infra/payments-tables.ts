import { resolveTables, type TableNames, tableDefinitions } from '@biztech/payments-aws';
import { RemovalPolicy } from 'aws-cdk-lib';
import { BillingMode, type ITable, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableSchemaOf } from './table-schema.ts';

/** One of the adapter's tables, by the role the adapter gives it. */
export type TableRole = keyof TableNames;

/** BizTech's tables that exist in production today; `biztechPayments` is the one this project adds. */
export const EXISTING_BIZTECH_TABLES: readonly TableRole[] = [
  'events',
  'users',
  'members',
  'registrations',
  'profiles',
];

/** Settings of {@link PaymentsTables}. */
export interface PaymentsTablesProps {
  /** Appended to every table name, as the functions' `TABLE_SUFFIX` (e.g. `PROD`). */
  tableSuffix: string;
  /** Picks the member table, `biztechMembers<year>`. */
  membershipYear: number;
  /**
   * Reference tables that already exist instead of creating them: `true` for all six, or the
   * roles to import (e.g. {@link EXISTING_BIZTECH_TABLES}, which creates only `biztechPayments`).
   */
  importExistingTables?: boolean | readonly TableRole[];
}

const constructId = (role: TableRole) => `${role[0]?.toUpperCase()}${role.slice(1)}Table`;

/**
 * The six tables of `@biztech/payments-aws`, built from its `tableDefinitions()` so the deployed
 * key schemas, GSIs and TTL cannot drift from what the stores read and write. Created tables are
 * on-demand, have point-in-time recovery and are retained when the stack is deleted (they hold
 * registrations and payments). Imported tables are referenced by name with their GSI names.
 */
export class PaymentsTables extends Construct {
  /** Every table, created or imported, by role. */
  readonly byRole: Readonly<Record<TableRole, ITable>>;
  /** The roles that were imported rather than created. */
  readonly imported: ReadonlySet<TableRole>;

  constructor(scope: Construct, id: string, props: PaymentsTablesProps) {
    super(scope, id);
    const options = { tableSuffix: props.tableSuffix, membershipYear: props.membershipYear };
    const names = resolveTables(options);
    const importing = props.importExistingTables ?? false;
    const imported = new Set<TableRole>(
      importing === true ? (Object.keys(names) as TableRole[]) : importing === false ? [] : importing,
    );
    const byRole: Partial<Record<TableRole, ITable>> = {};
    for (const definition of tableDefinitions(options)) {
      const schema = tableSchemaOf(definition);
      if (schema.tableName !== names[definition.role]) {
        throw new Error(`table definitions and resolveTables disagree on ${definition.role}`);
      }
      byRole[definition.role] = imported.has(definition.role)
        ? Table.fromTableAttributes(this, constructId(definition.role), {
            tableName: schema.tableName,
            globalIndexes: schema.globalSecondaryIndexes.map((gsi) => gsi.indexName),
          })
        : this.createTable(constructId(definition.role), schema, definition.role === 'payments');
    }
    this.byRole = byRole as Record<TableRole, ITable>;
    this.imported = imported;
  }

  /**
   * The payments table created here, with its DynamoDB Stream (new images: the outbox drainer reads
   * an item's `dueAt`); undefined when it is imported (then the schedule alone drains the outbox).
   */
  get paymentsStreamTable(): Table | undefined {
    const payments = this.byRole.payments;
    return payments instanceof Table && payments.tableStreamArn !== undefined ? payments : undefined;
  }

  private createTable(id: string, schema: ReturnType<typeof tableSchemaOf>, withStream: boolean): Table {
    const table = new Table(this, id, {
      ...(withStream ? { stream: StreamViewType.NEW_IMAGE } : {}),
      tableName: schema.tableName,
      partitionKey: schema.partitionKey,
      ...(schema.sortKey ? { sortKey: schema.sortKey } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(schema.timeToLiveAttribute ? { timeToLiveAttribute: schema.timeToLiveAttribute } : {}),
      // Deleting the stack must never delete registrations, members or the payment audit trail.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const gsi of schema.globalSecondaryIndexes) table.addGlobalSecondaryIndex(gsi);
    return table;
  }
}

import type { TableDefinition } from '@biztech/payments-aws';
import {
  type Attribute,
  AttributeType,
  type GlobalSecondaryIndexProps,
  ProjectionType,
} from 'aws-cdk-lib/aws-dynamodb';

/** A table's schema in CDK's terms, read from the adapter's `CreateTable` input. */
export interface TableSchema {
  tableName: string;
  partitionKey: Attribute;
  sortKey?: Attribute;
  globalSecondaryIndexes: GlobalSecondaryIndexProps[];
  timeToLiveAttribute?: string;
}

type KeySchema = NonNullable<TableDefinition['input']['KeySchema']>;

const ATTRIBUTE_TYPES = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
} as const;
const PROJECTIONS = {
  ALL: ProjectionType.ALL,
  KEYS_ONLY: ProjectionType.KEYS_ONLY,
  INCLUDE: ProjectionType.INCLUDE,
} as const;

// Settings this conversion does not carry over. Meeting one means the adapter grew a feature the
// stack would silently drop, so synthesis stops instead of deploying a table that differs.
const UNSUPPORTED = [
  'LocalSecondaryIndexes',
  'ProvisionedThroughput',
  'StreamSpecification',
  'SSESpecification',
  'TableClass',
  'OnDemandThroughput',
  'WarmThroughput',
] as const;

function keysOf(definition: TableDefinition, keySchema: KeySchema | undefined, where: string) {
  const types = new Map(
    (definition.input.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]),
  );
  const attribute = (keyType: 'HASH' | 'RANGE'): Attribute | undefined => {
    const element = (keySchema ?? []).find((k) => k.KeyType === keyType);
    if (element?.AttributeName === undefined) return undefined;
    const type = types.get(element.AttributeName);
    if (type === undefined) {
      throw new Error(`${where}: key attribute ${element.AttributeName} has no AttributeDefinition`);
    }
    return { name: element.AttributeName, type: ATTRIBUTE_TYPES[type] };
  };
  const partitionKey = attribute('HASH');
  if (partitionKey === undefined) throw new Error(`${where}: no HASH key`);
  if ((keySchema ?? []).length > (attribute('RANGE') ? 2 : 1)) {
    throw new Error(`${where}: composite key schemas beyond HASH + RANGE are not supported here`);
  }
  const sortKey = attribute('RANGE');
  return { partitionKey, ...(sortKey ? { sortKey } : {}) };
}

/**
 * Converts one of the adapter's table definitions (`tableDefinitions()` of `@biztech/payments-aws`)
 * into CDK table settings, so the deployed tables are built from the same code the stores and the
 * local stack use: key names and types, GSIs with their projections, and the TTL attribute.
 *
 * @throws Error when the definition uses a setting this conversion would drop (e.g. an LSI) or
 *   is not on-demand billing
 */
export function tableSchemaOf(definition: TableDefinition): TableSchema {
  const { input } = definition;
  const where = `table ${input.TableName}`;
  for (const key of UNSUPPORTED) {
    if (input[key] !== undefined) throw new Error(`${where}: ${key} is not carried into the stack`);
  }
  if (input.BillingMode !== 'PAY_PER_REQUEST') {
    throw new Error(`${where}: only PAY_PER_REQUEST billing is supported, got ${input.BillingMode}`);
  }
  const globalSecondaryIndexes = (input.GlobalSecondaryIndexes ?? []).map(
    (gsi): GlobalSecondaryIndexProps => {
      const projection = gsi.Projection?.ProjectionType ?? 'ALL';
      return {
        indexName: gsi.IndexName as string,
        ...keysOf(definition, gsi.KeySchema, `${where} index ${gsi.IndexName}`),
        projectionType: PROJECTIONS[projection],
        ...(projection === 'INCLUDE' ? { nonKeyAttributes: gsi.Projection?.NonKeyAttributes ?? [] } : {}),
      };
    },
  );
  return {
    tableName: input.TableName,
    ...keysOf(definition, input.KeySchema, where),
    globalSecondaryIndexes,
    ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
  };
}

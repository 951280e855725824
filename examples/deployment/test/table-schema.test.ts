import { type TableDefinition, tableDefinitions } from '@biztech/payments-aws';
import { AttributeType, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { tableSchemaOf } from '../src/infra/table-schema.ts';

const definition = (role: TableDefinition['role']) => {
  const found = tableDefinitions({ tableSuffix: 'X' }).find((d) => d.role === role);
  if (found === undefined) throw new Error(`the adapter defines no ${role} table`);
  return found;
};

describe('tableSchemaOf', () => {
  it('carries keys, attribute types, GSIs and TTL over from the adapter definition', () => {
    expect(tableSchemaOf(definition('registrations'))).toEqual({
      tableName: 'biztechRegistrationsX',
      partitionKey: { name: 'id', type: AttributeType.STRING },
      sortKey: { name: 'eventID;year', type: AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: 'event-query',
          partitionKey: { name: 'eventID;year', type: AttributeType.STRING },
          projectionType: ProjectionType.ALL,
        },
      ],
    });
    expect(tableSchemaOf(definition('events')).sortKey).toEqual({ name: 'year', type: AttributeType.NUMBER });
    expect(tableSchemaOf(definition('payments')).timeToLiveAttribute).toBe('expiresAt');
  });

  it('keeps INCLUDE projections with their attributes', () => {
    const members = definition('members');
    const withInclude: TableDefinition = {
      ...members,
      input: {
        ...members.input,
        GlobalSecondaryIndexes: [
          {
            IndexName: 'profile-query',
            KeySchema: [{ AttributeName: 'profileID', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['firstName'] },
          },
        ],
      },
    };

    expect(tableSchemaOf(withInclude).globalSecondaryIndexes[0]).toMatchObject({
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: ['firstName'],
    });
  });

  it('stops on a setting the stack would silently drop', () => {
    const users = definition('users');
    const cases: Array<[string, TableDefinition['input']]> = [
      [
        'StreamSpecification',
        { ...users.input, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } },
      ],
      ['LocalSecondaryIndexes', { ...users.input, LocalSecondaryIndexes: [] }],
      ['PAY_PER_REQUEST', { ...users.input, BillingMode: 'PROVISIONED' }],
      ['no AttributeDefinition', { ...users.input, AttributeDefinitions: [] }],
      ['no HASH key', { ...users.input, KeySchema: [] }],
    ];
    for (const [message, input] of cases) {
      expect(() => tableSchemaOf({ ...users, input }), message).toThrow(message);
    }
  });
});

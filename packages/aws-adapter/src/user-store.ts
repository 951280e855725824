import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { UserStore, UserSummary } from '@biztech/payments-core';
import { storeError } from './store-errors.ts';
import { resolveTables, type TableOptions } from './table-names.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Maps a `biztechUsers` item to what payments needs of it; only `isMember: true` counts as a member. */
export function userSummaryOf(item: Record<string, unknown>): UserSummary {
  return {
    id: String(item.id),
    isMember: item.isMember === true,
    fname: text(item.fname),
    lname: text(item.lname),
    education: text(item.education),
    admin: typeof item.admin === 'boolean' ? item.admin : undefined,
  };
}

/**
 * A `UserStore` reading `biztechUsers` (key `id`, the lower-cased email). Reads are strongly
 * consistent: `isMember` decides prices and whether a membership without a snapshot is active.
 *
 * @example
 * ```ts
 * const users = createDynamoUserStore(documentClient, { tableSuffix: 'PROD' });
 * const isMember = (await users.getUser('Ada@ubc.ca'))?.isMember ?? false;
 * ```
 */
export function createDynamoUserStore(client: DynamoDBDocumentClient, options: TableOptions = {}): UserStore {
  const tables = resolveTables(options);
  return {
    async getUser(email) {
      try {
        const out = await client.send(
          new GetCommand({ TableName: tables.users, Key: { id: email.toLowerCase() }, ConsistentRead: true }),
        );
        return out.Item === undefined ? undefined : userSummaryOf(out.Item);
      } catch (error) {
        throw storeError(error, 'get user');
      }
    },
  };
}

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventYearKey, isRetryableStoreFault } from '@biztech/payments-aws';
import type { RegistrationKey } from '@biztech/payments-core';
import { ServiceError } from './responses.ts';
import type { ServiceDeps } from './service-deps.ts';

const isConditionFailure = (error: unknown) =>
  (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/**
 * The service's own attribute edit, a plain UpdateItem as today's `updateHelper` makes it: the
 * given fields and `updatedAt`, on an existing item only. It never names a package attribute
 * (see `PACKAGE_ATTRIBUTES`), so it cannot race the runner's version-conditioned commits: DynamoDB
 * applies each write to the item whole, and neither overwrites what the other owns.
 *
 * @param fields service attributes only (`serviceFieldsOf`); `updatedAt` is added
 * @returns the item's `registrationStatus` after the update (today's response reports it)
 * @throws ServiceError `409 registration_not_found` (today's status for an update of a missing entry)
 */
export async function updateServiceFields(
  deps: ServiceDeps,
  key: RegistrationKey,
  fields: Record<string, unknown>,
): Promise<string | undefined> {
  const names: Record<string, string> = { '#id': 'id', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':updatedAt': deps.clock.now() };
  const sets = ['#updatedAt = :updatedAt'];
  Object.entries(fields).forEach(([name, value], i) => {
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    sets.push(`#f${i} = :f${i}`);
  });
  try {
    const out = await deps.client.send(
      new UpdateCommand({
        TableName: deps.registrationsTable,
        Key: { id: key.email, 'eventID;year': eventYearKey(key.eventID, key.year) },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(#id)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    const status = out.Attributes?.registrationStatus;
    return typeof status === 'string' ? status : undefined;
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new ServiceError(
        409,
        'registration_not_found',
        `Update error because the registration entry for user '${key.email}' and with eventID;year '${eventYearKey(key.eventID, key.year)}' does not exist`,
      );
    }
    if (isRetryableStoreFault(error))
      throw new ServiceError(502, 'store_unavailable', 'DynamoDB is unavailable');
    throw error;
  }
}

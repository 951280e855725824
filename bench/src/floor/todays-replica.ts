import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { resolveTables } from '@biztech/payments-aws';

type Tables = ReturnType<typeof resolveTables>;

/**
 * Today's `eventRegistration()` webhook helper, as the seed describes it (services/payments/handler.js):
 * it queries the registration, reads the event (application-based or not) and updates the status,
 * each a separate call, nothing atomic, no idempotency record.
 */
export async function todaysEventWebhook(
  doc: DynamoDBDocumentClient,
  t: Tables,
  email: string,
  eventID: string,
  year: number,
) {
  const found = await doc.send(
    new QueryCommand({
      TableName: t.registrations,
      KeyConditionExpression: 'id = :id AND #ey = :ey',
      ExpressionAttributeNames: { '#ey': 'eventID;year' },
      ExpressionAttributeValues: { ':id': email, ':ey': `${eventID};${year}` },
    }),
  );
  const event = await doc.send(new GetCommand({ TableName: t.events, Key: { id: eventID, year } }));
  const status = event.Item?.isApplicationBased ? 'acceptedComplete' : 'registered';
  if (found.Items?.[0]) {
    await doc.send(
      new UpdateCommand({
        TableName: t.registrations,
        Key: { id: email, 'eventID;year': `${eventID};${year}` },
        UpdateExpression: 'SET registrationStatus = :s, updatedAt = :u',
        ExpressionAttributeValues: { ':s': status, ':u': Date.now() },
      }),
    );
  }
}

/**
 * Today's `memberSignup()`: reads the user, sets `isMember`, writes the member item, checks the
 * profile id is free and writes the profile: five calls, any of which may fail after the others.
 */
export async function todaysMemberWebhook(
  doc: DynamoDBDocumentClient,
  t: Tables,
  email: string,
  profileID: string,
) {
  await doc.send(new GetCommand({ TableName: t.users, Key: { id: email } }));
  await doc.send(
    new UpdateCommand({
      TableName: t.users,
      Key: { id: email },
      UpdateExpression: 'SET isMember = :m',
      ExpressionAttributeValues: { ':m': true },
    }),
  );
  await doc.send(
    new PutCommand({ TableName: t.members, Item: { id: email, profileID, createdAt: Date.now() } }),
  );
  await doc.send(
    new QueryCommand({
      TableName: t.members,
      IndexName: 'profile-query',
      KeyConditionExpression: 'profileID = :p',
      ExpressionAttributeValues: { ':p': profileID },
    }),
  );
  await doc.send(
    new PutCommand({
      TableName: t.profiles,
      Item: { compositeID: `PROFILE#${profileID}`, type: 'PROFILE', profileID, createdAt: Date.now() },
    }),
  );
}

import {
  type LegacyRegistration,
  type RegistrationCommit,
  type RegistrationKey,
  type RegistrationSnapshot,
  type Stored,
  statusesOf,
} from '@biztech/payments-core';
import { eventYearKey } from './payment-keys.ts';
import { plainItem } from './plain-item.ts';
import { readSnapshot } from './snapshot-codec.ts';
import type { PlannedItem } from './transaction.ts';
import { updateExpression } from './update-expression.ts';

/** Attributes this package adds to a `biztechRegistrations` item; nothing else reads them. */
export const REGISTRATION_BOOKKEEPING = ['paymentSnapshot', 'paymentVersion', 'checkoutSessionId'] as const;

/** Attributes the store owns on a registration item; a form never overwrites them. */
const OWNED = new Set<string>([
  'id',
  'eventID;year',
  'registrationStatus',
  'applicationStatus',
  'checkoutLink',
  'createdAt',
  'updatedAt',
  ...REGISTRATION_BOOKKEEPING,
]);

/** The primary key of a registration item, as today's tables have it. */
export function registrationItemKey(key: RegistrationKey): { id: string; 'eventID;year': string } {
  return { id: key.email.toLowerCase(), 'eventID;year': eventYearKey(key.eventID, key.year) };
}

/** A stored registration item: a snapshot we wrote, or an item of today's system (no `paymentVersion`). */
export function decodeRegistration(
  item: Record<string, unknown>,
): Stored<RegistrationSnapshot, LegacyRegistration> {
  if (item.paymentSnapshot === undefined)
    return { kind: 'legacy', item: item as unknown as LegacyRegistration };
  return {
    kind: 'snapshot',
    snapshot: readSnapshot<RegistrationSnapshot>(item.paymentSnapshot, 'registration', item.paymentVersion),
    // Other services may have changed these since our last write; core's runner lets them win.
    statuses: {
      registrationStatus: typeof item.registrationStatus === 'string' ? item.registrationStatus : undefined,
      applicationStatus: typeof item.applicationStatus === 'string' ? item.applicationStatus : undefined,
    },
  };
}

/** The item's attributes minus this package's bookkeeping. */
export function formOf(item: Record<string, unknown>): Record<string, unknown> {
  const form = { ...item };
  for (const name of REGISTRATION_BOOKKEEPING) delete form[name];
  return form;
}

/** The attributes other services read, derived from the snapshot. */
function visibleAttributes(next: RegistrationSnapshot) {
  const { registrationStatus, applicationStatus } = statusesOf(next);
  const checkout = next.context.checkout;
  return {
    registrationStatus,
    applicationStatus,
    checkoutLink: checkout?.url,
    checkoutSessionId: checkout?.id,
  };
}

/**
 * The version-conditioned write of the registration item:
 * - no item yet → Put of the form, statuses and snapshot, if `id` does not exist;
 * - an item of today's system (version 0) → Update, if it has no `paymentVersion` yet;
 * - a snapshot we wrote → Update, if `paymentVersion` is still the one read.
 * Updates keep every other attribute (the form, `createdAt`, anything other services added).
 */
export function registrationStateWrite(table: string, commit: RegistrationCommit): PlannedItem {
  const { key, expected, next, audit } = commit;
  const visible = visibleAttributes(next);
  const snapshot = plainItem(next);
  if (!expected.exists) {
    const form = Object.fromEntries(Object.entries(commit.form ?? {}).filter(([name]) => !OWNED.has(name)));
    return {
      role: { role: 'state' },
      item: {
        Put: {
          TableName: table,
          Item: plainItem({
            ...form,
            ...registrationItemKey(key),
            ...visible,
            paymentSnapshot: snapshot,
            paymentVersion: next.version,
            createdAt: audit.at,
            updatedAt: audit.at,
          }),
          ConditionExpression: 'attribute_not_exists(id)',
        },
      },
    };
  }
  const update = updateExpression({
    set: {
      registrationStatus: visible.registrationStatus,
      applicationStatus: visible.applicationStatus,
      checkoutLink: visible.checkoutLink,
      checkoutSessionId: visible.checkoutSessionId,
      paymentSnapshot: snapshot,
      paymentVersion: next.version,
      updatedAt: audit.at,
    },
    // A checkout that ended takes its link with it: a dead link must never be handed out again.
    remove: (['checkoutLink', 'checkoutSessionId'] as const).filter((name) => visible[name] === undefined),
  });
  const legacy = expected.version === 0;
  return {
    role: { role: 'state' },
    item: {
      Update: {
        TableName: table,
        Key: registrationItemKey(key),
        UpdateExpression: update.UpdateExpression,
        ConditionExpression: legacy
          ? 'attribute_exists(#id) AND attribute_not_exists(#version)'
          : '#version = :expected',
        ExpressionAttributeNames: {
          ...update.ExpressionAttributeNames,
          '#version': 'paymentVersion',
          ...(legacy ? { '#id': 'id' } : {}),
        },
        ExpressionAttributeValues: {
          ...update.ExpressionAttributeValues,
          ...(legacy ? {} : { ':expected': expected.version }),
        },
      },
    },
  };
}

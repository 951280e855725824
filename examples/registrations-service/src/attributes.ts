import { REGISTRATION_BOOKKEEPING } from '@biztech/payments-aws';

/**
 * The boundary on a `biztechRegistrations` item. These attributes belong to the payments
 * packages: only core's runner (through the aws adapter's store) writes them, in one
 * version-conditioned transaction with the seat counter, the audit line and any outbox or queue
 * items. The service reads them as today (same names, same strings) but never writes them.
 */
export const PACKAGE_ATTRIBUTES = [
  'registrationStatus',
  'applicationStatus',
  'checkoutLink',
  'createdAt',
  ...REGISTRATION_BOOKKEEPING,
] as const;

/**
 * The attributes that stay the service's: the form today's frontend sends and the fields other
 * tools edit (`points`, `isPartner`, `dynamicResponses`, ...). The service writes them with plain
 * DynamoDB updates, as today; the packages store them once, when the registration is created, and
 * never change them. `updatedAt` is written by both, as today's readers expect.
 */
export const SERVICE_ATTRIBUTES = [
  'fname',
  'studentId',
  'isPartner',
  'points',
  'basicInformation',
  'dynamicResponses',
] as const;

/** One of the service's own attributes. */
export type ServiceAttribute = (typeof SERVICE_ATTRIBUTES)[number];

/** The service attributes present in `source` (undefined ones left out). */
export function serviceFieldsOf(source: Partial<Record<ServiceAttribute, unknown>>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of SERVICE_ATTRIBUTES) if (source[name] !== undefined) fields[name] = source[name];
  return fields;
}

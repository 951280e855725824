import { z } from 'zod';
import { MetadataLimitError } from '../errors.ts';

/** Stripe's limits on `metadata`: keys per object, characters per key, characters per value. */
export const STRIPE_METADATA_LIMITS = { maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 } as const;

/**
 * Builds a Stripe metadata object and enforces Stripe's limits up front, so a session create can
 * never fail (or silently truncate) on metadata. `undefined` values are dropped.
 *
 * @throws MetadataLimitError when a limit is broken.
 */
export function buildMetadata(
  entries: Record<string, string | number | boolean | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(entries)) {
    if (raw === undefined) continue;
    if (key.length === 0 || key.length > STRIPE_METADATA_LIMITS.maxKeyLength) {
      throw new MetadataLimitError(`metadata key "${key.slice(0, 60)}" must be 1 to 40 characters`, key);
    }
    if (key.includes('[') || key.includes(']')) {
      throw new MetadataLimitError(`metadata key "${key}" must not contain square brackets`, key);
    }
    const value = String(raw);
    if (value.length > STRIPE_METADATA_LIMITS.maxValueLength) {
      throw new MetadataLimitError(
        `metadata value of "${key}" is ${value.length} characters; the limit is 500`,
        key,
      );
    }
    out[key] = value;
  }
  if (Object.keys(out).length > STRIPE_METADATA_LIMITS.maxKeys) {
    throw new MetadataLimitError(`metadata has ${Object.keys(out).length} keys; the limit is 50`);
  }
  return out;
}

/** What a checkout session pays for: an event registration or a membership. Identifiers only. */
export type CheckoutReference =
  | { kind: 'registration'; email: string; eventID: string; year: number; attempt: number }
  | {
      kind: 'membership';
      email: string;
      membershipYear: number;
      paymentType: 'Member' | 'UserMember' | 'OAuthMember';
      attempt: number;
    };

/**
 * Metadata for a checkout session. It carries identifiers only: form data stays in our store,
 * and a password never leaves the request that carried it. `paymentType` keeps today's key so
 * dashboards and old tooling still read it.
 */
export function checkoutMetadata(ref: CheckoutReference): Record<string, string> {
  return ref.kind === 'registration'
    ? buildMetadata({
        paymentType: 'Event',
        email: ref.email,
        eventID: ref.eventID,
        year: ref.year,
        attempt: ref.attempt,
      })
    : buildMetadata({
        paymentType: ref.paymentType,
        email: ref.email,
        membershipYear: ref.membershipYear,
        attempt: ref.attempt,
      });
}

/** `client_reference_id` for a session: a stable, readable id of the registration or membership. */
export function clientReferenceId(ref: CheckoutReference): string {
  return ref.kind === 'registration'
    ? `registration:${ref.email}:${ref.eventID}:${ref.year}`
    : `membership:${ref.email}:${ref.membershipYear}`;
}

const intString = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const eventMetadata = z.object({
  paymentType: z.literal('Event'),
  email: z.string().min(1),
  eventID: z.string().min(1),
  year: intString,
  attempt: intString.optional(),
});
const membershipMetadata = z.object({
  paymentType: z.enum(['Member', 'UserMember', 'OAuthMember']),
  email: z.string().min(1),
  membershipYear: intString.optional(),
  attempt: intString.optional(),
});

/**
 * Reads a session's metadata back into a reference, or `undefined` when it is not one of ours.
 * Accepts today's sessions too (no `attempt`, no `membershipYear`): `defaultMembershipYear` fills
 * the latter.
 */
export function parseCheckoutMetadata(
  metadata: Record<string, string> | null | undefined,
  defaultMembershipYear: number,
): CheckoutReference | undefined {
  if (!metadata) return undefined;
  const ev = eventMetadata.safeParse(metadata);
  if (ev.success) {
    return {
      kind: 'registration',
      email: ev.data.email.toLowerCase(),
      eventID: ev.data.eventID,
      year: ev.data.year,
      attempt: ev.data.attempt ?? 0,
    };
  }
  const mem = membershipMetadata.safeParse(metadata);
  if (mem.success) {
    return {
      kind: 'membership',
      email: mem.data.email.toLowerCase(),
      paymentType: mem.data.paymentType,
      membershipYear: mem.data.membershipYear ?? defaultMembershipYear,
      attempt: mem.data.attempt ?? 0,
    };
  }
  return undefined;
}

import { z } from 'zod';
import { checkStoredBody, storableText } from './bounds.ts';
import { emailSchema, eventIdSchema, eventYearSchema, redirectUrlSchema, shortText } from './common.ts';

// Today's frontend sends these and nothing reads them: accepted, then dropped.
const ignoredByUs = {
  paymentName: z.string().max(200).optional(),
  paymentImages: z.array(z.string().max(2000)).max(8).optional(),
};
const redirects = { success_url: redirectUrlSchema.optional(), cancel_url: redirectUrlSchema.optional() };

/** `POST /payments` for an event registration. */
export const eventPaymentRequestSchema = z.object({
  paymentType: z.literal('Event'),
  email: emailSchema,
  fname: shortText.optional(),
  eventID: eventIdSchema,
  year: eventYearSchema,
  ...redirects,
  ...ignoredByUs,
});

/** The membership page sends `topics` as "a,b,c"; an array is accepted too. */
const topicsSchema = z
  .union([storableText(2000), z.array(shortText).max(50)])
  .transform((t) => (Array.isArray(t) ? t : t.split(',')).map((s) => s.trim()).filter((s) => s.length > 0));

const membershipFields = {
  email: emailSchema,
  fname: shortText.min(1),
  lname: shortText.min(1),
  education: shortText.min(1),
  student_number: z.union([shortText, z.number().int().nonnegative().transform(String)]).optional(),
  faculty: shortText.optional(),
  major: shortText.optional(),
  year: z.union([shortText, z.number().int().transform(String)]).optional(),
  pronouns: shortText.optional(),
  diet: shortText.optional(),
  gender: shortText.optional(),
  prev_member: z.boolean().optional(),
  international: z.boolean().optional(),
  topics: topicsSchema.optional(),
  heard_from: shortText.optional(),
  referral: shortText.optional(),
  university: shortText.optional(),
  high_school: shortText.optional(),
  ...redirects,
  ...ignoredByUs,
};

/**
 * `POST /payments` for `Member` (existing user) or `OAuthMember` (identity already exists). The
 * form is stored (membership snapshot, user, member and profile records), so it is held to
 * `INPUT_BOUNDS` like a registration's.
 */
export const memberPaymentRequestSchema = z
  .object({
    paymentType: z.enum(['Member', 'OAuthMember']),
    ...membershipFields,
  })
  .superRefine(checkStoredBody);

/**
 * `POST /payments` for `UserMember`: a new account, so a password comes along. It is used for the
 * identity sign-up only and never reaches Stripe, the store or a log.
 */
export const userMemberPaymentRequestSchema = z
  .object({
    paymentType: z.literal('UserMember'),
    ...membershipFields,
    password: storableText(256).min(8),
  })
  .superRefine(checkStoredBody);

/** Every `POST /payments` body, discriminated by `paymentType`. */
export const paymentRequestSchema = z.discriminatedUnion('paymentType', [
  eventPaymentRequestSchema,
  memberPaymentRequestSchema,
  userMemberPaymentRequestSchema,
]);

/** A validated `POST /payments` body. */
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;
/** A validated membership `POST /payments` body. */
export type MembershipPaymentRequest = Exclude<PaymentRequest, { paymentType: 'Event' }>;

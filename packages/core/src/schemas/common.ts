import { z } from 'zod';
import { INPUT_BOUNDS, isWellFormedText } from './bounds.ts';

export * from './bounds.ts';

const wellFormed = { message: 'must be valid Unicode text (no lone surrogates)' };

/** An email, trimmed and lower-cased on the way in (BizTech keys users by lower-cased email). */
export const emailSchema = z
  .string()
  .trim()
  .max(INPUT_BOUNDS.maxEmailLength)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());

/**
 * An event id as used in `biztechEvents.id` and the `eventID;year` key: no `;`, bounded (it is
 * also a Stripe metadata value), well-formed text (it is sent to Stripe and DynamoDB).
 */
export const eventIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(INPUT_BOUNDS.maxEventIdLength)
  .regex(/^[^;\s/]+$/, 'eventID must not contain ";", "/" or spaces')
  .refine(isWellFormedText, wellFormed);

/** An event year: the frontend sends a number; a numeric string is accepted too. */
export const eventYearSchema = z.union([
  z.number().int().min(2000).max(2200),
  z
    .string()
    .regex(/^\d{4}$/)
    .transform(Number)
    .pipe(z.number().int().min(2000).max(2200)),
]);

/** A short free-text field from a form: stored, so well-formed text. */
export const shortText = z.string().trim().max(200).refine(isWellFormedText, wellFormed);

/** A redirect URL; whether its origin is allowed is the HTTP adapter's check. */
export const redirectUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine(isWellFormedText, wellFormed)
  .pipe(z.url({ protocol: /^https?$/ }));

import { z } from 'zod';

/** An email, trimmed and lower-cased on the way in (BizTech keys users by lower-cased email). */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());

/** An event id as used in `biztechEvents.id` and the `eventID;year` key: no `;`, bounded. */
export const eventIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^;\s/]+$/, 'eventID must not contain ";", "/" or spaces');

/** An event year: the frontend sends a number; a numeric string is accepted too. */
export const eventYearSchema = z.union([
  z.number().int().min(2000).max(2200),
  z
    .string()
    .regex(/^\d{4}$/)
    .transform(Number)
    .pipe(z.number().int().min(2000).max(2200)),
]);

/** A short free-text field from a form. */
export const shortText = z.string().trim().max(200);

/** A redirect URL; whether its origin is allowed is the HTTP adapter's check. */
export const redirectUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/ }));

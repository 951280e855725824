import { z } from 'zod';
import type { EmailTemplate } from './types.ts';

/** Text shown to a person: not empty once trimmed, and short enough for a subject line. */
const label = z.string().trim().min(1).max(300);
/** A non-negative whole number of cents (`0` for a free event). */
const cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A three-letter currency code as Stripe spells it (`cad`); printed upper-case. */
const currency = z.string().regex(/^[A-Za-z]{3}$/);
const year = z.number().int().min(1900).max(9999);
/** Epoch ms between 1970 and 9999, so it always prints as a four-digit year. */
const epochMs = z.number().int().min(0).max(253_402_300_799_999);
/** An absolute http(s) URL: anything else (`javascript:`, a relative path) is no link to click. */
const absoluteLink = z
  .string()
  .max(2_000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  });

/**
 * The data keys of each template, as the `email.send` outbox action carries them (flat JSON).
 * Keys a template does not read are ignored. Exported so a producer can check its data before
 * recording the action; {@link renderEmail} checks it again and falls back when it does not fit.
 */
export const emailDataSchemas = {
  registration_confirmed: z.object({
    eventName: label,
    eventID: label,
    year,
    amountCents: cents,
    currency,
    status: z.enum(['registered', 'acceptedComplete']),
  }),
  seat_offered: z.object({
    eventName: label,
    eventID: label,
    year,
    amountCents: cents,
    currency,
    expiresAt: epochMs,
    link: absoluteLink,
  }),
  refund_issued: z.object({
    eventName: label,
    amountCents: cents,
    currency,
  }),
} satisfies Record<EmailTemplate, z.ZodType>;

/**
 * Data of `registration_confirmed`: the event (`eventName`, `eventID`, `year`), what was paid
 * (`amountCents`, `0` for a free event, and `currency`, e.g. `cad`) and the place reached
 * (`registered`, or `acceptedComplete` for an accepted application).
 */
export type RegistrationConfirmedData = z.infer<typeof emailDataSchemas.registration_confirmed>;

/**
 * Data of `seat_offered`: the event, the price to pay, the deadline (`expiresAt`, epoch ms, printed
 * in UTC) and `link`, an absolute URL that opens a checkout for the held seat.
 */
export type SeatOfferedData = z.infer<typeof emailDataSchemas.seat_offered>;

/**
 * Data of `refund_issued`: what was refunded (`amountCents`, `currency`) and for what (`eventName`;
 * `Membership <year>` for a membership).
 */
export type RefundIssuedData = z.infer<typeof emailDataSchemas.refund_issued>;

/** Each template's data type, by template. */
export interface EmailTemplateData {
  registration_confirmed: RegistrationConfirmedData;
  seat_offered: SeatOfferedData;
  refund_issued: RefundIssuedData;
}

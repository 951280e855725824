import { z } from 'zod';
import { emailSchema, eventIdSchema, eventYearSchema, shortText } from './common.ts';

const answer = z.union([
  z.string().max(5000),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string().max(1000), z.number()])).max(100),
]);

/**
 * `POST /registrations`, exactly as today's frontend sends it (`regForPaid`, `regForPaidApp`,
 * `regForFree`). The client's `registrationStatus` and `applicationStatus` are read but not
 * trusted: the machine decides the status from the event.
 */
export const registrationRequestSchema = z.object({
  email: emailSchema,
  fname: shortText.optional(),
  studentId: z.union([z.number().int().nonnegative(), shortText]).optional(),
  eventID: eventIdSchema,
  year: eventYearSchema,
  registrationStatus: z.string().max(40).optional(),
  applicationStatus: z.string().max(40).optional(),
  isPartner: z.boolean().optional(),
  points: z.number().int().optional(),
  basicInformation: z.record(z.string().max(100), answer).optional(),
  dynamicResponses: z.record(z.string().max(200), answer).optional(),
});

/** A validated `POST /registrations` body. */
export type RegistrationRequest = z.infer<typeof registrationRequestSchema>;

import { z } from 'zod';
import { checkStoredBody, storableNumber, storableRecord, storableText } from './bounds.ts';
import { emailSchema, eventIdSchema, eventYearSchema, shortText } from './common.ts';

/** One form answer: text, a number DynamoDB can store, a boolean, null, or a list of text and numbers. */
const answer = z.union([
  storableText(5000),
  storableNumber,
  z.boolean(),
  z.null(),
  z.array(z.union([storableText(1000), storableNumber])).max(100),
]);

/**
 * `POST /registrations`, exactly as today's frontend sends it (`regForPaid`, `regForPaidApp`,
 * `regForFree`). The client's `registrationStatus` and `applicationStatus` are read but not
 * trusted: the machine decides the status from the event.
 *
 * The form (`fname`, `studentId`, `basicInformation`, `dynamicResponses`, `isPartner`, `points`)
 * is stored in the registration item, so it is held to `INPUT_BOUNDS`: numbers DynamoDB can
 * store, no empty map keys, well-formed text, and an estimated stored size of at most 350 KB.
 * Unknown fields are dropped, never stored.
 */
export const registrationRequestSchema = z
  .object({
    email: emailSchema,
    fname: shortText.optional(),
    studentId: z.union([z.number().int().nonnegative(), shortText]).optional(),
    eventID: eventIdSchema,
    year: eventYearSchema,
    registrationStatus: z.string().max(40).optional(),
    applicationStatus: z.string().max(40).optional(),
    isPartner: z.boolean().optional(),
    points: z.number().int().optional(),
    basicInformation: storableRecord(100, answer).optional(),
    dynamicResponses: storableRecord(200, answer).optional(),
  })
  .superRefine(checkStoredBody);

/** A validated `POST /registrations` body. */
export type RegistrationRequest = z.infer<typeof registrationRequestSchema>;

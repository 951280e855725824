import {
  checkStoredBody,
  eventIdSchema,
  eventYearSchema,
  registrationRequestSchema,
} from '@biztech/payments-core';
import { z } from 'zod';

const form = registrationRequestSchema.shape;

/**
 * Today's `PUT /registrations/{email}/{fname}` body: the event, perhaps a status to move to
 * (`confirmAttendance()` sends `registrationStatus: "acceptedComplete"`), and service attributes
 * (`points`, `dynamicResponses`, ...) validated as core validates the registration form, so what
 * DynamoDB would refuse is refused here. `applicationStatus` is read so that it can be refused
 * with a reason (an admin's decision is a machine event, not a field). Any other field is
 * refused: package attributes (`checkoutLink`, `paymentSnapshot`, ...) are never the client's.
 */
export const putRegistrationBodySchema = z
  .strictObject({
    eventID: eventIdSchema,
    year: eventYearSchema,
    registrationStatus: z.string().max(40).optional(),
    applicationStatus: z.string().max(40).optional(),
    fname: form.fname,
    studentId: form.studentId,
    isPartner: form.isPartner,
    points: form.points,
    basicInformation: form.basicInformation,
    dynamicResponses: form.dynamicResponses,
  })
  .superRefine(checkStoredBody);

/** A validated PUT body. */
export type PutRegistrationBody = z.infer<typeof putRegistrationBodySchema>;

import { emailSchema, eventIdSchema, eventYearSchema, shortText } from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { applyAttendeeChange } from '../flows/attendee-change.ts';
import { httpError } from '../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../http/payments-env.ts';
import { callerActor } from '../http/token-guards.ts';
import { declareRoute } from './declare-route.ts';
import { errorResponses, FAULTS, jsonResponse, registrationStatusSchema, TOKEN_REQUIRED } from './schemas.ts';

/** The frontend's `confirmAttendance()` body: the event and the status asked for. */
const attendeeChangeSchema = z
  .object({
    eventID: eventIdSchema,
    year: eventYearSchema,
    registrationStatus: z.string().max(40),
  })
  .catchall(z.unknown())
  .meta({ id: 'AttendeeChange' });

/** The fields of the body that name the change; any other field asks for a change we do not make. */
const CHANGE_FIELDS = new Set(['eventID', 'year', 'registrationStatus', 'email', 'fname']);

/** `PUT /registrations/{email}/{fname}`, declared: today's route of the frontend's attendee changes. */
export const putRegistrationRoute = declareRoute({
  method: 'put',
  path: '/registrations/{email}/{fname}',
  tags: ['Registrations'],
  summary: 'Confirm or cancel your registration',
  description:
    'Today’s route, as the frontend’s `confirmAttendance()` calls it, with the owner’s (or an admin’s) Cognito ' +
    'ID token. `registrationStatus: "acceptedComplete"` on an `acceptedPending` registration is the attendee’s ' +
    'confirmation (`waitlist` when no seat is left); `"cancelled"` cancels (the seat is released; a paid place ' +
    'goes to the operator queue as `refund_needed`). Any other change is `409 change_refused` with a reason. ' +
    '`{fname}` is today’s path segment and is not used.',
  security: TOKEN_REQUIRED,
  request: {
    params: z.object({
      email: emailSchema.meta({ param: { description: 'lower-cased on the way in' }, example: 'ada@ubc.ca' }),
      fname: shortText.min(1).meta({ example: 'Ada' }),
    }),
    body: { required: true, content: { 'application/json': { schema: attendeeChangeSchema } } },
  },
  responses: {
    200: jsonResponse(registrationStatusSchema, 'The statuses after the change'),
    ...errorResponses({
      400: ['invalid_params', 'invalid_json', 'invalid_body'],
      401: ['missing_token', 'invalid_token'],
      403: ['not_owner'],
      404: ['registration_not_found'],
      409: ['change_refused'],
      413: ['payload_too_large'],
      ...FAULTS,
      503: [...FAULTS[503], 'gateway_unavailable', 'identity_unavailable'],
    }),
  },
});

/** `PUT /registrations/{email}/{fname}`: the attendee confirms or cancels, through the machine. */
export const putRegistration: RouteHandler<typeof putRegistrationRoute, PaymentsEnv> = async (c) => {
  const { email } = c.req.valid('param');
  const body = c.req.valid('json');
  const extra = Object.keys(body).filter((field) => !CHANGE_FIELDS.has(field));
  const wanted = body.registrationStatus;
  if (extra.length > 0 || (wanted !== 'acceptedComplete' && wanted !== 'cancelled')) {
    throw httpError('change_refused', 409, 'only a confirmation or a cancellation can be made here', {
      reason: 'unsupported_change',
    });
  }
  const key = { email, eventID: body.eventID, year: body.year };
  const statuses = await applyAttendeeChange(routeContextOf(c), key, wanted, callerActor(c));
  return c.json(statuses, 200, JSON_HEADERS);
};

import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { applyAttendeeChange } from '../flows/attendee-change.ts';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../http/payments-env.ts';
import { callerActor } from '../http/token-guards.ts';
import { registrationKeyParams } from './admin/admin-kit.ts';
import { declareRoute } from './declare-route.ts';
import { errorResponses, FAULTS, jsonResponse, TOKEN_REQUIRED } from './schemas.ts';

/** `POST /registrations/{email}/{eventID}/{year}/confirm`, declared. */
export const confirmRegistrationRoute = declareRoute({
  method: 'post',
  path: '/registrations/{email}/{eventID}/{year}/confirm',
  tags: ['Registrations'],
  summary: 'Confirm a free accepted application',
  description:
    'The attendee confirms a free application that was accepted (`acceptedPending`), with their (or an ' +
    'admin’s) Cognito ID token: `acceptedComplete`, or `waitlist` when no seat is left. Confirming again ' +
    'changes nothing. Any other state is `409 change_refused` with a reason (`payment_required` for an ' +
    'accepted paid application, which is confirmed by paying). No body.',
  security: TOKEN_REQUIRED,
  request: { params: registrationKeyParams },
  responses: {
    200: jsonResponse(
      z
        .object({
          registrationStatus: z.enum(['acceptedComplete', 'waitlist']),
          applicationStatus: z.string().optional(),
        })
        .meta({ id: 'Confirmation' }),
      'Confirmed, or waitlisted when no seat was left',
    ),
    ...errorResponses({
      400: ['invalid_params'],
      401: ['missing_token', 'invalid_token'],
      403: ['not_owner'],
      404: ['registration_not_found'],
      409: ['change_refused'],
      ...FAULTS,
      503: [...FAULTS[503], 'identity_unavailable'],
    }),
  },
});

/** `POST /registrations/{email}/{eventID}/{year}/confirm` → `{ registrationStatus }`. */
export const confirmRegistration: RouteHandler<typeof confirmRegistrationRoute, PaymentsEnv> = async (c) => {
  const key = c.req.valid('param');
  const statuses = await applyAttendeeChange(routeContextOf(c), key, 'acceptedComplete', callerActor(c));
  return c.json(statuses as { registrationStatus: 'acceptedComplete' | 'waitlist' }, 200, JSON_HEADERS);
};

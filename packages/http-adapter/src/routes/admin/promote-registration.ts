import { statusesOf } from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { PaymentsHttpError } from '../../errors.ts';
import { httpError } from '../../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../../http/payments-env.ts';
import { declareRoute } from '../declare-route.ts';
import { jsonResponse } from '../schemas.ts';
import { ADMIN_SECURITY, actorOf, adminErrors, registrationKeyParams } from './admin-kit.ts';
import { adminStatusesSchema } from './decide-registration.ts';
import { runRegistrationCommand } from './registration-command.ts';

/** `POST /admin/registrations/{email}/{eventID}/{year}/promote`, declared. */
export const promoteRegistrationRoute = declareRoute({
  method: 'post',
  path: '/admin/registrations/{email}/{eventID}/{year}/promote',
  tags: ['Admin'],
  summary: 'Promote a registration from the waitlist',
  description:
    'The machine’s `PROMOTE`, when a seat is free: a free event’s registration is `registered` (the seat taken ' +
    'under the capacity condition), a paid event’s becomes `incomplete` and pays through `POST /payments` ' +
    '(its checkout holds the seat). No free seat → `409 event_full`; not waitlisted, or an application ' +
    '(decided, never promoted) → `409 command_refused`.',
  security: ADMIN_SECURITY,
  request: { params: registrationKeyParams },
  responses: {
    200: jsonResponse(adminStatusesSchema, 'Promoted; the statuses now'),
    ...adminErrors({
      400: ['invalid_params'],
      404: ['registration_not_found', 'event_not_found'],
      409: ['event_full', 'command_refused'],
    }),
  },
});

/** Promotes a waitlisted registration with the machine's `PROMOTE` when a seat is free, audited with the admin. */
export const promoteRegistration: RouteHandler<typeof promoteRegistrationRoute, PaymentsEnv> = async (c) => {
  const context = routeContextOf(c);
  const { deps } = context;
  const key = c.req.valid('param');
  const event = await deps.events.getEvent(key.eventID, key.year);
  if (event === undefined)
    throw httpError('event_not_found', 404, `there is no event ${key.eventID} ${key.year}`);
  // The machine moves a paid registration to `incomplete` whatever the count (its checkout takes the
  // seat later, conditionally); the contract promotes only into a free seat, so it is checked here.
  const [stored, taken] = await Promise.all([
    deps.registrations.loadRegistration(key),
    deps.events.seatsTaken(key.eventID, key.year),
  ]);
  const seatAvailable = event.capac === undefined || taken < event.capac;
  // Only a waitlisted registration waits for a seat; any other is the machine's to refuse.
  const status = stored?.kind === 'snapshot' ? stored.snapshot.value : stored?.item.registrationStatus;
  if (status === 'waitlist' && !seatAvailable) {
    throw httpError('event_full', 409, 'there is no free seat to promote into');
  }
  try {
    const result = await runRegistrationCommand(
      context,
      key,
      { type: 'PROMOTE', seatAvailable },
      { actor: actorOf(c) },
    );
    return c.json(statusesOf(result.snapshot), 200, JSON_HEADERS);
  } catch (error) {
    // The seat went to someone else between the count and the conditional commit.
    if (error instanceof PaymentsHttpError && error.details.reason === 'event_full') {
      throw httpError('event_full', 409, 'there is no free seat to promote into');
    }
    throw error;
  }
};

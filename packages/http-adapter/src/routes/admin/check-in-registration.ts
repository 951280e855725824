import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../../http/payments-env.ts';
import { declareRoute } from '../declare-route.ts';
import { jsonResponse } from '../schemas.ts';
import { ADMIN_SECURITY, actorOf, adminErrors, registrationKeyParams } from './admin-kit.ts';
import { runRegistrationCommand } from './registration-command.ts';

/** `POST /admin/registrations/{email}/{eventID}/{year}/check-in`, declared. */
export const checkInRegistrationRoute = declareRoute({
  method: 'post',
  path: '/admin/registrations/{email}/{eventID}/{year}/check-in',
  tags: ['Admin'],
  summary: 'Check a registration in',
  description:
    'The machine’s `CHECK_IN`, from a confirmed place (`registered`, `acceptedComplete`). Any other state, ' +
    'a second check-in included, is `409 command_refused`.',
  security: ADMIN_SECURITY,
  request: { params: registrationKeyParams },
  responses: {
    200: jsonResponse(
      z.object({ registrationStatus: z.literal('checkedIn') }).meta({ id: 'AdminCheckedIn' }),
      'Checked in',
    ),
    ...adminErrors({ 400: ['invalid_params'], 404: ['registration_not_found'], 409: ['command_refused'] }),
  },
});

/** Checks a confirmed registration in with the machine's `CHECK_IN`, audited with the admin. */
export const checkInRegistration: RouteHandler<typeof checkInRegistrationRoute, PaymentsEnv> = async (c) => {
  const key = c.req.valid('param');
  await runRegistrationCommand(routeContextOf(c), key, { type: 'CHECK_IN' }, { actor: actorOf(c) });
  return c.json({ registrationStatus: 'checkedIn' as const }, 200, JSON_HEADERS);
};

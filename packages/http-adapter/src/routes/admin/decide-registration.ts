import { statusesOf } from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../../http/payments-env.ts';
import { declareRoute } from '../declare-route.ts';
import { jsonResponse } from '../schemas.ts';
import { ADMIN_SECURITY, actorOf, adminErrors, registrationKeyParams } from './admin-kit.ts';
import { runRegistrationCommand } from './registration-command.ts';

/** The answer of an admin's command on a registration: its statuses afterwards. */
export const adminStatusesSchema = z
  .object({
    registrationStatus: z.string().meta({ example: 'accepted' }),
    applicationStatus: z
      .string()
      .meta({ example: 'accepted', description: '`""` for a non-application event' }),
  })
  .meta({ id: 'AdminRegistrationStatuses' });

/** `POST /admin/registrations/{email}/{eventID}/{year}/decision`, declared. */
export const decideRegistrationRoute = declareRoute({
  method: 'post',
  path: '/admin/registrations/{email}/{eventID}/{year}/decision',
  tags: ['Admin'],
  summary: 'Decide an application',
  description:
    'The machine’s `DECIDE`: `accepted` (a paid application then pays; a free one confirms), `rejected` or ' +
    '`waitlist`, from `reviewing`, `rejected` or an application’s `waitlist`. The decision a registration ' +
    'already stands for, or a registration that is not an application, is `409 command_refused`.',
  security: ADMIN_SECURITY,
  request: {
    params: registrationKeyParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ decision: z.enum(['accepted', 'rejected', 'waitlist']) })
            .meta({ id: 'AdminDecision' }),
        },
      },
    },
  },
  responses: {
    200: jsonResponse(adminStatusesSchema, 'Decided; the statuses now'),
    ...adminErrors({
      400: ['invalid_params', 'invalid_json', 'invalid_body'],
      404: ['registration_not_found'],
      409: ['command_refused'],
      413: ['payload_too_large'],
    }),
  },
});

/** Decides an application with the machine's `DECIDE`, audited with the admin. */
export const decideRegistration: RouteHandler<typeof decideRegistrationRoute, PaymentsEnv> = async (c) => {
  const key = c.req.valid('param');
  const { decision } = c.req.valid('json');
  const result = await runRegistrationCommand(
    routeContextOf(c),
    key,
    { type: 'DECIDE', decision },
    { actor: actorOf(c) },
  );
  return c.json(statusesOf(result.snapshot), 200, JSON_HEADERS);
};

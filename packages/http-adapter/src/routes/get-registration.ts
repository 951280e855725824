import {
  emailSchema,
  eventIdSchema,
  eventYearSchema,
  liveCheckoutUrl,
  statusesOf,
} from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { loadRegistration } from '../flows/registration-view.ts';
import { httpError } from '../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv } from '../http/payments-env.ts';
import { declareRoute } from './declare-route.ts';
import { errorResponses, FAULTS, jsonResponse, registrationViewSchema, TOKEN_REQUIRED } from './schemas.ts';
import { statusBody } from './status-body.ts';

/** `GET /registrations/{email}/{eventID}/{year}`, declared. */
export const getRegistrationRoute = declareRoute({
  method: 'get',
  path: '/registrations/{email}/{eventID}/{year}',
  tags: ['Registrations'],
  security: TOKEN_REQUIRED,
  summary: 'Read a registration',
  description:
    'Needs the Cognito ID token of the path’s email or of an admin (`401` without, `403` for anyone else, ' +
    'before anything is read). The statuses as stored (other services’ `checkedIn` or an admin’s `cancelled` included), and the ' +
    'checkout URL while its session is live. Registrations today’s system wrote are answered too.',
  request: {
    params: z.object({
      email: emailSchema.meta({ param: { description: 'lower-cased on the way in' }, example: 'ada@ubc.ca' }),
      eventID: eventIdSchema.meta({ example: 'blueprint' }),
      year: eventYearSchema.meta({ example: 2026 }),
    }),
  },
  responses: {
    200: jsonResponse(registrationViewSchema, 'The registration'),
    ...errorResponses({
      400: ['invalid_params'],
      401: ['missing_token', 'invalid_token'],
      403: ['not_owner'],
      404: ['registration_not_found'],
      ...FAULTS,
      503: [...FAULTS[503], 'identity_unavailable'],
    }),
  },
});

/**
 * `GET /registrations/{email}/{eventID}/{year}` → `{ registrationStatus, applicationStatus?, checkoutUrl? }`.
 * `checkoutUrl` only while the session is live. Items today's system wrote are answered too.
 */
export const getRegistration: RouteHandler<typeof getRegistrationRoute, PaymentsEnv> = async (c) => {
  const key = c.req.valid('param');
  const loaded = await loadRegistration(c.var.deps, key);
  if (loaded === undefined) throw httpError('registration_not_found', 404, 'there is no such registration');
  const checkoutUrl = liveCheckoutUrl(loaded.snapshot, c.var.deps.clock.now());
  return c.json(
    { ...statusBody(statusesOf(loaded.snapshot)), ...(checkoutUrl ? { checkoutUrl } : {}) },
    200,
    JSON_HEADERS,
  );
};

import {
  emailSchema,
  eventIdSchema,
  eventYearSchema,
  liveCheckoutUrl,
  statusesOf,
} from '@biztech/payments-core';
import { z } from 'zod';
import { loadRegistration } from '../flows/registration-view.ts';
import { httpError, json } from '../http/json-response.ts';
import { validate } from '../http/read-body.ts';
import type { Route } from '../http/router.ts';
import { statusBody } from './status-body.ts';

const paramsSchema = z.object({ email: emailSchema, eventID: eventIdSchema, year: eventYearSchema });

/**
 * `GET /registrations/{email}/{eventID}/{year}` → `{ registrationStatus, applicationStatus?, checkoutUrl? }`.
 * `checkoutUrl` only while the session is live. Items today's system wrote are answered too.
 */
export const getRegistrationRoute: Route = {
  method: 'GET',
  pattern: '/registrations/{email}/{eventID}/{year}',
  async handle(context) {
    const key = validate(paramsSchema, context.params, 'invalid_params');
    const loaded = await loadRegistration(context.deps, key);
    if (loaded === undefined) throw httpError('registration_not_found', 404, 'there is no such registration');
    const checkoutUrl = liveCheckoutUrl(loaded.snapshot, context.deps.clock.now());
    return json(200, { ...statusBody(statusesOf(loaded.snapshot)), ...(checkoutUrl ? { checkoutUrl } : {}) });
  },
};
